using System.Text.Json.Serialization;

namespace Pharos.Failover.Parity;

/// <summary>How one compared aspect came out.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ParityVerdict>))]
public enum ParityVerdict
{
    Same,

    /// <summary>The sides differ, or one side fails on its own (a certificate that does not cover a name).</summary>
    Drift,

    /// <summary>Worth knowing, not a reason to refuse a failover: a certificate expiring soon.</summary>
    Warning,
}

/// <summary>One aspect of one request on both sides: `GET /de/` status, 200 against 500.</summary>
public sealed record ParityFinding
{
    /// <summary>What was asked: `GET /de/`, `locale GET /fr/`, `TLS www.example.com`, `all requests`.</summary>
    public required string Request { get; init; }

    /// <summary>Which part: status, header x-build, json flags.checkout, body, covers name, issuer, latency.</summary>
    public required string Aspect { get; init; }

    public required string Primary { get; init; }

    public required string Standby { get; init; }

    public required ParityVerdict Verdict { get; init; }

    /// <summary>Identifies this difference across runs (without the values, which may change while it lasts).</summary>
    [JsonIgnore]
    public string Signature => $"{Request} | {Aspect}";

    public override string ToString() => $"{Request} {Aspect}: primary {Primary}, standby {Standby}";
}

/// <summary>One comparison of a policy's two environments: every finding, and whether the standby is a faithful copy.</summary>
public sealed record ParityReport
{
    public required string PolicyId { get; init; }

    public required DateTimeOffset At { get; init; }

    public string Primary { get; init; } = "";

    public string Standby { get; init; } = "";

    public IReadOnlyList<ParityFinding> Findings { get; init; } = [];

    /// <summary>Why nothing was compared (the policy has no parity section); null when it ran.</summary>
    public string? Skipped { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>When the current drift was first seen, carried over between runs while it lasts.</summary>
    public DateTimeOffset? DriftSince { get; init; }

    [JsonIgnore]
    public IReadOnlyList<ParityFinding> Drifts => Findings.Where(f => f.Verdict == ParityVerdict.Drift).ToList();

    [JsonIgnore]
    public IReadOnlyList<ParityFinding> Warnings => Findings.Where(f => f.Verdict == ParityVerdict.Warning).ToList();

    [JsonIgnore]
    public bool HasDrift => Findings.Any(f => f.Verdict == ParityVerdict.Drift);

    /// <summary>The pre-check a drill asks for: compared, and nothing differs. A skipped run is not clean.</summary>
    [JsonIgnore]
    public bool Clean => Skipped is null && !HasDrift;

    [JsonIgnore]
    public IReadOnlySet<string> Signatures => Drifts.Select(f => f.Signature).ToHashSet(StringComparer.Ordinal);

    /// <summary>One line for lists and the run history.</summary>
    [JsonIgnore]
    public string Outcome => Skipped is not null ? $"skipped: {Skipped}"
        : HasDrift ? $"drift: {Drifts.Count} of {Findings.Count} comparisons differ"
        : $"clean: {Findings.Count} comparisons agree{(Warnings.Count > 0 ? $", {Warnings.Count} warning(s)" : "")}";
}

/// <summary>One past run, for the history on the policy page.</summary>
public sealed record ParityRun(DateTimeOffset At, bool Drift, string Outcome, TimeSpan Duration);

/// <summary>A fresh parity report on demand: what a drill's pre-check and the admin's "run now" call.</summary>
public interface IParityCheck
{
    /// <summary>
    /// Compares the policy's two environments now, stores the report and raises drift/cleared events as a scheduled run
    /// does. A policy without a parity section (or unknown) gives a report with <see cref="ParityReport.Skipped"/> set,
    /// which is not <see cref="ParityReport.Clean"/>.
    /// </summary>
    Task<ParityReport> RunAsync(string policyId, CancellationToken ct);
}
