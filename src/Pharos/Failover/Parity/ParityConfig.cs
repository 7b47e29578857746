using System.Text.RegularExpressions;

namespace Pharos.Failover.Parity;

/// <summary>
/// A policy's `parity` section: the two environments that serve the same public name, what to ask both, and how to
/// judge the answers. The standby is only worth failing over to if it answers as the primary does.
/// </summary>
public sealed record ParityConfig
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(15);

    /// <summary>Where the primary environment is reached directly (https://10.0.0.5:443), bypassing DNS.</summary>
    public required Uri Primary { get; init; }

    /// <summary>Where the standby environment is reached directly.</summary>
    public required Uri Standby { get; init; }

    /// <summary>The public name sent as Host header and SNI to both, since both serve the same site.</summary>
    public required string Host { get; init; }

    public TimeSpan Interval { get; init; } = DefaultInterval;

    /// <summary>How long one request or handshake may take before that side counts as not answering.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The standby's total time over all requests may be at most this many times the primary's; null: not judged.</summary>
    public double? LatencyRatio { get; init; } = 3;

    public IReadOnlyList<ParityRequest> Requests { get; init; } = [];

    /// <summary>Null when the environments are plain HTTP: there is no certificate to compare.</summary>
    public ParityTlsConfig? Tls { get; init; }
}

/// <summary>One GET sent to both environments, and which parts of the answers must agree.</summary>
public sealed record ParityRequest
{
    /// <summary>Path and query, starting with '/'.</summary>
    public required string Path { get; init; }

    /// <summary>Listed under `locales`: shown as a locale page, compared like any request.</summary>
    public bool Locale { get; init; }

    public bool Status { get; init; } = true;

    /// <summary>Response headers whose values must agree (compared case-insensitively by name).</summary>
    public IReadOnlyList<string> Headers { get; init; } = [];

    /// <summary>Dotted paths into a JSON body (flags.checkout, items.0.id) whose values must agree.</summary>
    public IReadOnlyList<string> Json { get; init; } = [];

    /// <summary>Null: the body is not compared; else its hash after normalization.</summary>
    public BodyNormalization? Body { get; init; }

    public string Label => $"{(Locale ? "locale " : "")}GET {Path}";
}

/// <summary>What is taken out of a body before hashing, so that what differs on every answer is not drift.</summary>
public sealed record BodyNormalization
{
    /// <summary>Matches removed before hashing: CSRF tokens, timestamps, nonces, the serving node's name.</summary>
    public IReadOnlyList<Regex> Ignore { get; init; } = [];

    /// <summary>Runs of whitespace become one space, and the ends are trimmed.</summary>
    public bool CollapseWhitespace { get; init; } = true;
}

/// <summary>The certificates to compare: for every name, each environment's chain validated and compared.</summary>
public sealed record ParityTlsConfig
{
    /// <summary>The names the site serves; each is sent as SNI to both environments.</summary>
    public required IReadOnlyList<string> Names { get; init; }

    /// <summary>A certificate expiring within this is a warning (not drift: both sides may renew at different times).</summary>
    public TimeSpan ExpiryWarning { get; init; } = TimeSpan.FromDays(14);

    /// <summary>A PEM file of roots to trust instead of the system's (a private CA); null: the system's roots.</summary>
    public string? CaFile { get; init; }
}
