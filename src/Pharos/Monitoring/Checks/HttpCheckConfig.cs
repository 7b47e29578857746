using System.Net;
using System.Text.RegularExpressions;

namespace Pharos.Monitoring.Checks;

/// <summary>An HTTP(S) check: what it sends and what it expects.</summary>
public sealed record HttpCheckConfig : CheckConfig
{
    public override CheckType Type => CheckType.Http;

    public required Uri Url { get; init; }

    public override string Target => HostHeader is null ? Url.AbsoluteUri : $"{Url.AbsoluteUri} (Host: {HostHeader})";

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

    /// <summary>Whether judging the answer needs its body at all.</summary>
    public bool NeedsBody => BodyContains is not null || BodyNotContains is not null || BodyRegex is not null || JsonPath is not null;

    public override IProbe CreateProbe(ProbeFactory probes) => new HttpProbe(this, probes.Http, probes.Time);

    /// <summary>
    /// "{hostname}" in the URL is replaced; without it the name goes in the Host header and SNI while the URL's
    /// address is still what is connected to (one server fronting many custom domains).
    /// </summary>
    protected override CheckConfig ForHostname(string hostname) => UrlTemplate is not null
        ? this with { Url = new Uri(Fill(UrlTemplate, hostname)), UrlTemplate = null }
        : this with { HostHeader = hostname, Sni = hostname };
}
