using System.Text.Json.Serialization;
using Pharos.Dns;

namespace Pharos.Failover.Audit;

/// <summary>What differs between one served record set and the policy: several may hold at once.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DriftKind>))]
public enum DriftKind
{
    /// <summary>The source did not answer (timeout, refused, an API error).</summary>
    Unreachable,

    /// <summary>The policy has values for this name and type; the source serves none.</summary>
    Missing,

    /// <summary>The source serves values the live side does not have (an AAAA the side lacks, for example).</summary>
    Unexpected,

    /// <summary>The values differ: a record changed by hand.</summary>
    Value,

    /// <summary>The served TTL is not the policy's: it decides how long resolvers keep an answer after a move.</summary>
    Ttl,

    /// <summary>Cloudflare proxies the record, so its TTL and addresses are not what resolvers see.</summary>
    Proxied,
}

/// <summary>One source's answer for one name and type, next to what the policy says it should be now.</summary>
public sealed record AuditFinding
{
    /// <summary>A nameserver's address, or "cloudflare API".</summary>
    public required string Source { get; init; }

    public required string Name { get; init; }

    public required DnsType Type { get; init; }

    public IReadOnlyList<string> Expected { get; init; } = [];

    public uint ExpectedTtl { get; init; }

    public IReadOnlyList<string> Found { get; init; } = [];

    public uint? FoundTtl { get; init; }

    public string? Error { get; init; }

    public IReadOnlyList<DriftKind> Drift { get; init; } = [];

    [JsonIgnore]
    public bool IsDrift => Drift.Count > 0;

    /// <summary>Identifies this drift across runs, so that the same drift is alerted once, not at every run.</summary>
    [JsonIgnore]
    public IEnumerable<string> Signatures => Drift.Select(k => $"{Source} {Name} {Type} {k}");

    [JsonIgnore]
    public string ExpectedText => Expected.Count == 0 ? "(none)" : $"{string.Join(", ", Expected)} ttl {ExpectedTtl}";

    [JsonIgnore]
    public string FoundText => Error is not null ? $"no answer: {Error}" : Found.Count == 0 ? "(none)" : $"{string.Join(", ", Found)} ttl {FoundTtl}";

    public override string ToString() => IsDrift
        ? $"{Source} {Name} {Type}: {string.Join(", ", Drift).ToLowerInvariant()}: expected {ExpectedText}, found {FoundText}"
        : $"{Source} {Name} {Type}: ok ({FoundText})";
}

/// <summary>One audit of a policy's live records: when, against which side, and every finding.</summary>
public sealed record RecordAuditResult
{
    public required string PolicyId { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>The side the state machine says is live, whose records were expected.</summary>
    public required FailoverSide Side { get; init; }

    public IReadOnlyList<AuditFinding> Findings { get; init; } = [];

    /// <summary>Why the audit did not compare anything (the policy is moving, its provider could not be built); null when it ran.</summary>
    public string? Skipped { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>When the current drift was first seen, carried over between runs while it lasts.</summary>
    public DateTimeOffset? DriftSince { get; init; }

    [JsonIgnore]
    public IReadOnlyList<AuditFinding> Drifts => Findings.Where(f => f.IsDrift).ToList();

    [JsonIgnore]
    public bool HasDrift => Findings.Any(f => f.IsDrift);

    [JsonIgnore]
    public IReadOnlySet<string> Signatures => Findings.SelectMany(f => f.Signatures).ToHashSet(StringComparer.Ordinal);

    /// <summary>One line for lists and the run history.</summary>
    [JsonIgnore]
    public string Outcome => Skipped is not null ? $"skipped: {Skipped}"
        : HasDrift ? $"drift: {Drifts.Count} of {Findings.Count} record sets differ"
        : $"clean: {Findings.Count} record sets as expected";
}

/// <summary>One past run, for the history on the policy page.</summary>
public sealed record RecordAuditRun(DateTimeOffset At, bool Drift, string Outcome, TimeSpan Duration);
