namespace Pharos.Probes;

/// <summary>A registered probe agent: its name, the location it reports for, and what the server last heard from it.</summary>
public sealed record Probe
{
    public required string Name { get; init; }

    public required string Location { get; init; }

    /// <summary>Its API token (scope probe); revoking the probe revokes the token.</summary>
    public required string TokenId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>The probe's pharos version, as it last said.</summary>
    public string? Version { get; init; }

    /// <summary>The probe's data folder identity; a new one restarts the batch sequence.</summary>
    public string? Instance { get; init; }

    public DateTimeOffset? LastContactAt { get; init; }

    public string? LastBatchId { get; init; }

    /// <summary>The highest batch sequence recorded: a batch at or below it is a replay.</summary>
    public long LastSequence { get; init; }

    public long Batches { get; init; }

    public long Results { get; init; }

    /// <summary>Batches the probe dropped from its full disk buffer, as it last reported.</summary>
    public long Dropped { get; init; }

    public bool Revoked => RevokedAt is not null;
}

/// <summary>Where a probe's batch stood: recorded now, or a replay of one recorded before.</summary>
public enum BatchAdmission
{
    Recorded,
    Duplicate,
}
