namespace Pharos.Config;

/// <summary>
/// What every feature may know of the site: its settings and the components and groups it shows. Features take
/// this (and their own section), never the whole <c>PharosConfig</c>, which only the host composes.
/// </summary>
public record SiteCatalog
{
    public required SiteConfig Site { get; init; }
    public IReadOnlyList<ComponentGroupConfig> Groups { get; init; } = [];
    public IReadOnlyList<ComponentConfig> Components { get; init; } = [];

    /// <summary>The file it came from, for messages and for files named relative to it.</summary>
    public string SourcePath { get; init; } = "";

    public ComponentConfig? FindComponent(string id) => Components.FirstOrDefault(c => c.Id == id);
}

/// <summary>Settings of the public site.</summary>
public sealed record SiteConfig
{
    public required string Name { get; init; }

    /// <summary>The URL customers use; shortlinks and feed links are built from it.</summary>
    public required Uri PublicUrl { get; init; }

    /// <summary>IANA id of the zone times are shown in, next to UTC.</summary>
    public string TimeZone { get; init; } = "Etc/UTC";

    /// <summary>IANA ids of more zones maintenance and incident times are shown in, beside the display zone and UTC.</summary>
    public IReadOnlyList<string> ExtraTimeZones { get; init; } = [];

    /// <summary>How often the page refreshes itself and how stale its data may be.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The language of the page for readers whose browser asks for none of <see cref="Languages"/> (en, de, fr, es).</summary>
    public string Language { get; init; } = "en";

    /// <summary>The languages the page offers: chosen by Accept-Language, a /de/-style prefix or the switcher.</summary>
    public IReadOnlyList<string> Languages { get; init; } = ["en", "de", "fr", "es"];

    /// <summary>Statuspage's 12-character page id; derived from the name when not given.</summary>
    public required string PageId { get; init; }

    /// <summary>How many days the home page's "Past" section covers.</summary>
    public int HistoryDays { get; init; } = 7;

    public string? Description { get; init; }
}

/// <summary>A heading that gathers components on the page.</summary>
public sealed record ComponentGroupConfig
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public int Order { get; init; }
}

/// <summary>One thing customers care about: a system whose status the page shows.</summary>
public sealed record ComponentConfig
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public string? GroupId { get; init; }
    public int Order { get; init; }

    /// <summary>Hidden from the page while operational.</summary>
    public bool OnlyShowIfDegraded { get; init; }
}
