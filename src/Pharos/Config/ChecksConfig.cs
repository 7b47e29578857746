using System.Net;
using System.Text.RegularExpressions;
using Pharos.Monitoring.Checks;

namespace Pharos.Config;

/// <summary>The kinds of check pharos.yaml can declare.</summary>
public enum CheckType
{
    Http,
    Tcp,
    Dns,
    Icmp,
    Tls,
    Heartbeat,
}

/// <summary>Settings of the monitor as a whole (the `monitoring:` section); every field has a default.</summary>
public sealed record MonitoringConfig
{
    /// <summary>How many checks may run at the same moment, across all checks.</summary>
    public int MaxConcurrency { get; init; } = 256;

    /// <summary>How long raw results are kept.</summary>
    public TimeSpan RawRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How long per-minute rollups are kept (they feed the 24-hour chart).</summary>
    public TimeSpan MinuteRetention { get; init; } = TimeSpan.FromDays(2);

    /// <summary>How long hourly and daily rollups are kept.</summary>
    public TimeSpan RollupRetention { get; init; } = TimeSpan.FromDays(400);

    /// <summary>Open and resolve incidents automatically when checks take a component down.</summary>
    public bool AutoIncidents { get; init; }

    /// <summary>Templates for automatic incidents; {component}, {status}, {checks} and {since} are replaced.</summary>
    public string IncidentTitle { get; init; } = "{component}: {status}";

    public string IncidentBody { get; init; } = "Our monitoring detected a problem with {component}: {checks}. We are looking into it.";

    public string ResolvedBody { get; init; } = "{component} is working normally again; our checks have passed since {since}.";
}

/// <summary>
/// One check as written in pharos.yaml. A check with a `hostnames` list stands for one check per name; see
/// <see cref="Expand"/>.
/// </summary>
public sealed record CheckConfig
{
    /// <summary>Unique id; an expanded check's id is "{id}@{hostname}".</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required CheckType Type { get; init; }

    /// <summary>The component whose status this check drives; null for a check that only records.</summary>
    public string? ComponentId { get; init; }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Consecutive failures before the check is down (and consecutive slow answers before it is degraded).</summary>
    public int FailAfter { get; init; } = 3;

    /// <summary>Consecutive successes before a down or degraded check is up again.</summary>
    public int RecoverAfter { get; init; } = 2;

    /// <summary>An answer slower than this makes the result degraded.</summary>
    public TimeSpan? DegradedLatency { get; init; }

    /// <summary>Overrides monitoring.auto_incidents for this check's component changes.</summary>
    public bool? AutoIncident { get; init; }

    /// <summary>The hostname this expanded instance probes; null for a check without a hostnames list.</summary>
    public string? Hostname { get; init; }

    /// <summary>The id as written, shared by all instances of an expanded check.</summary>
    public string BaseId => Hostname is null ? Id : Id[..Id.IndexOf('@', StringComparison.Ordinal)];

    public HttpCheckConfig? Http { get; init; }
    public TcpCheckConfig? Tcp { get; init; }
    public DnsCheckConfig? Dns { get; init; }
    public IcmpCheckConfig? Icmp { get; init; }
    public TlsCheckConfig? Tls { get; init; }
    public HeartbeatCheckConfig? Heartbeat { get; init; }

    /// <summary>One instance per hostname, each probing that name; the check itself when the list is empty.</summary>
    public IEnumerable<CheckConfig> Expand(IReadOnlyList<string> hostnames)
    {
        if (hostnames.Count == 0)
        {
            yield return this;
            yield break;
        }

        foreach (var h in hostnames)
        {
            yield return this with
            {
                Id = $"{Id}@{h}",
                Name = $"{Name} ({h})",
                Hostname = h,
                Http = Http?.ForHostname(h),
                Tcp = Tcp is null ? null : Tcp with { Host = Tcp.Host.Replace("{hostname}", h, StringComparison.Ordinal) },
                Tls = Tls is null ? null : Tls with { Host = Tls.Host.Replace("{hostname}", h, StringComparison.Ordinal), Sni = Tls.Sni ?? h },
                Dns = Dns is null ? null : Dns with { Name = Dns.Name.Replace("{hostname}", h, StringComparison.Ordinal) },
                Icmp = Icmp is null ? null : Icmp with { Host = Icmp.Host.Replace("{hostname}", h, StringComparison.Ordinal) },
            };
        }
    }
}

/// <summary>What an HTTP(S) check sends and expects.</summary>
public sealed record HttpCheckConfig
{
    public required Uri Url { get; init; }

    /// <summary>The URL as written when it holds "{hostname}", filled in per hostname.</summary>
    public string? UrlTemplate { get; init; }
    public string Method { get; init; } = "GET";
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public string? Body { get; init; }

    /// <summary>Accepted status codes; 200–399 when empty.</summary>
    public IReadOnlyList<int> ExpectStatus { get; init; } = [];
    public string? BodyContains { get; init; }
    public string? BodyNotContains { get; init; }
    public Regex? BodyRegex { get; init; }
    public JsonPath? JsonPath { get; init; }

    /// <summary>The value the JSON path must hold, compared as text (strings unquoted, numbers and booleans as written).</summary>
    public string? JsonEquals { get; init; }

    /// <summary>A certificate expiring sooner than this makes the result degraded.</summary>
    public TimeSpan? TlsExpiryWarning { get; init; }
    public bool FollowRedirects { get; init; }

    /// <summary>False accepts any certificate (its expiry is still checked); for self-signed test targets.</summary>
    public bool VerifyTls { get; init; } = true;

    /// <summary>The Host header to send when it differs from the URL's host.</summary>
    public string? HostHeader { get; init; }

    /// <summary>The TLS server name to send when it differs from the URL's host.</summary>
    public string? Sni { get; init; }

    /// <summary>Connect to this address instead of resolving the URL's host (primary and failover probed apart).</summary>
    public IPAddress? Resolve { get; init; }

    /// <summary>At most this many body bytes are read; the rest is never downloaded.</summary>
    public int MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// For one hostname of a list: "{hostname}" in the URL is replaced; without it the name goes in the Host header
    /// and SNI while the URL's address is still what is connected to (one server fronting many custom domains).
    /// </summary>
    public HttpCheckConfig ForHostname(string hostname)
    {
        if (UrlTemplate is not null)
        {
            return this with { Url = new Uri(UrlTemplate.Replace("{hostname}", hostname, StringComparison.Ordinal)), UrlTemplate = null };
        }

        return this with { HostHeader = hostname, Sni = hostname };
    }
}

/// <summary>A TCP connect, optionally sending a line and expecting a banner.</summary>
public sealed record TcpCheckConfig
{
    public required string Host { get; init; }
    public required int Port { get; init; }
    public string? Send { get; init; }
    public string? ExpectBanner { get; init; }
}

/// <summary>A DNS question asked of one chosen server.</summary>
public sealed record DnsCheckConfig
{
    public required IPEndPoint Server { get; init; }
    public required string Name { get; init; }
    public string RecordType { get; init; } = "A";

    /// <summary>Values that must all be among the answers (in presentation form); any answer will do when empty.</summary>
    public IReadOnlyList<string> Expect { get; init; } = [];
    public string ExpectRcode { get; init; } = "NOERROR";
    public bool UseTcp { get; init; }
}

/// <summary>An ICMP echo.</summary>
public sealed record IcmpCheckConfig
{
    public required string Host { get; init; }
}

/// <summary>A TLS handshake: the certificate must be valid and not about to expire.</summary>
public sealed record TlsCheckConfig
{
    public required string Host { get; init; }
    public required int Port { get; init; }
    public string? Sni { get; init; }
    public TimeSpan ExpiryWarning { get; init; } = TimeSpan.FromDays(14);
    public bool VerifyTls { get; init; } = true;
}

/// <summary>A job that must call Pharos at least every period (plus grace).</summary>
public sealed record HeartbeatCheckConfig
{
    /// <summary>The secret part of /heartbeat/{token}.</summary>
    public required string Token { get; init; }
    public required TimeSpan Period { get; init; }
    public TimeSpan Grace { get; init; } = TimeSpan.FromMinutes(1);
}
