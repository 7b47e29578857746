using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pharos.Probes;

/// <summary>One batch of results a probe posts: identified by its instance and sequence, so a replay is recognised.</summary>
public sealed record ProbeBatch
{
    /// <summary>The probe's data folder, a random id made once: sequences count within it.</summary>
    public required string Instance { get; init; }

    /// <summary>Random per batch, for logs and the admin page.</summary>
    public required string BatchId { get; init; }

    /// <summary>1, 2, 3… in the order the batches were made; replayed in that order.</summary>
    public required long Sequence { get; init; }

    public string? Version { get; init; }

    /// <summary>Batches the probe dropped so far because its disk buffer was full.</summary>
    public long Dropped { get; init; }

    public required IReadOnlyList<ProbeResultDto> Results { get; init; }
}

/// <summary>One run: the check, when it started (Unix ms), its outcome (up, degraded, down), latency and message.</summary>
public sealed record ProbeResultDto(string Check, long At, string Outcome, double LatencyMs, string? Message);

/// <summary>What GET /api/v1/probes/checks answers: the checks of the probe's location as pharos.yaml `checks:` YAML.</summary>
public sealed record ProbeChecksReply(string Probe, string Location, string Etag, string ChecksYaml);

/// <summary>What POST /api/v1/probes/results answers.</summary>
public sealed record ProbeBatchReply(long Sequence, bool Duplicate, int Accepted, int Skipped);

/// <summary>The JSON both ends use: snake_case, as the rest of /api/v1.</summary>
public static class ProbeJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
