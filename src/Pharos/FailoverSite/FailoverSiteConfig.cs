using System.Net;

namespace Pharos.FailoverSite;

/// <summary>The maintenance site served from the standby environment while the names point at it.</summary>
public sealed record FailoverSiteConfig
{
    public bool Enabled { get; init; }

    /// <summary>HTTPS endpoints; certificates are chosen by SNI.</summary>
    public IReadOnlyList<IPEndPoint> Https { get; init; } = [];

    /// <summary>Plain HTTP endpoints (behind a TLS-terminating load balancer, or for port 80).</summary>
    public IReadOnlyList<IPEndPoint> Http { get; init; } = [];

    /// <summary>Names served besides the failover policies' names: customers' own domains, for instance.</summary>
    public IReadOnlyList<string> Hostnames { get; init; } = [];

    /// <summary>Customers' domains from `hostnames_file` (full path), read again when it changes; null without one.</summary>
    public string? HostnamesFile { get; init; }

    /// <summary>The names the hostnames file held at start (wildcards allowed), besides <see cref="Hostnames"/>.</summary>
    public IReadOnlyList<string> FileHostnames { get; init; } = [];

    public IReadOnlyList<CertificateFiles> Certificates { get; init; } = [];

    /// <summary>Directories of certificates, one folder per name, as certbot lays them out (`live/NAME/…`) or flat.</summary>
    public IReadOnlyList<string> CertificateDirectories { get; init; } = [];

    /// <summary>Warn this long before a certificate expires.</summary>
    public TimeSpan ExpiryWarning { get; init; } = TimeSpan.FromDays(14);

    /// <summary>Where people are sent for news: the public status page.</summary>
    public Uri? StatusUrl { get; init; }

    public IReadOnlyList<string> AdminHostnames { get; init; } = [];

    /// <summary>Path prefixes redirected to the status page (the service's admin area).</summary>
    public IReadOnlyList<string> AdminPaths { get; init; } = [];

    /// <summary>Path prefixes whose clients are programs: they get problem+json, not HTML.</summary>
    public IReadOnlyList<string> ApiPaths { get; init; } = [];

    /// <summary>Scripts and stylesheets customers embed, served from local copies so their pages keep loading.</summary>
    public IReadOnlyList<IncludeFile> Includes { get; init; } = [];

    /// <summary>Seconds in Retry-After.</summary>
    public int RetryAfterSeconds { get; init; } = 300;

    /// <summary>A snapshot file written by `pharos export` or pushed by the status role; used when no status role runs here.</summary>
    public string? SnapshotFile { get; init; }

    /// <summary>Texts per language (en, de…) overriding the built-in ones.</summary>
    public IReadOnlyDictionary<string, SiteTexts> Texts { get; init; } = new Dictionary<string, SiteTexts>();

    public string DefaultLanguage { get; init; } = "en";

    /// <summary>An image file shown at the top of the page (embedded in it, so the page needs no other request).</summary>
    public string? Logo { get; init; }

    /// <summary>Soft failover: forward to the primary while the policy wants it; null when the site only serves the page.</summary>
    public ProxyConfig? Proxy { get; init; }
}

/// <summary>A certificate and its key, PEM files.</summary>
public sealed record CertificateFiles(string Cert, string Key);

/// <summary>A fallback copy of a file customers embed.</summary>
public sealed record IncludeFile(string Path, string File);

/// <summary>The words on the maintenance page in one language.</summary>
public sealed record SiteTexts
{
    public required string Title { get; init; }

    public required string Message { get; init; }

    public required string StatusLink { get; init; }

    public required string CurrentIncident { get; init; }

    public required string Updated { get; init; }
}
