namespace Pharos.Config;

/// <summary>Everything pharos.yaml says, validated. Immutable: a reload builds a new one.</summary>
public sealed record PharosConfig
{
    public required SiteConfig Site { get; init; }
    public IReadOnlyList<ComponentGroupConfig> Groups { get; init; } = [];
    public IReadOnlyList<ComponentConfig> Components { get; init; } = [];

    /// <summary>Settings of the monitor (the `monitoring:` section).</summary>
    public Monitoring.MonitoringConfig Monitoring { get; init; } = new();

    /// <summary>Every check, with `hostnames` lists already expanded to one check per name.</summary>
    public IReadOnlyList<Monitoring.Checks.CheckConfig> Checks { get; init; } = [];
    /// <summary>Prepared incidents people can start from in the admin and the API.</summary>
    public IReadOnlyList<IncidentTemplateConfig> IncidentTemplates { get; init; } = [];

    /// <summary>DNS failover policies; empty when the section is absent.</summary>
    public Failover.FailoverConfig Failover { get; init; } = new();

    /// <summary>The built-in authoritative DNS server.</summary>
    public Authoritative.DnsRoleConfig Dns { get; init; } = new();

    /// <summary>The maintenance site served from the standby environment.</summary>
    public FailoverSite.FailoverSiteConfig FailoverSite { get; init; } = new();

    /// <summary>Sign-in sessions of the admin (the `admin:` section).</summary>
    public Accounts.AdminConfig Admin { get; init; } = new();

    /// <summary>Reverse proxies whose forwarded headers are believed (`trusted_proxies:`); none by default.</summary>
    public Http.TrustedProxies TrustedProxies { get; init; } = new();

    /// <summary>The file it came from, for messages.</summary>
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

    /// <summary>How often the page refreshes itself and how stale its data may be.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(60);

    public string Language { get; init; } = "en";

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
