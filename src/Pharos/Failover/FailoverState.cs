namespace Pharos.Failover;

/// <summary>Where a policy stands. Only Primary, FailedOver and Recovering move by themselves.</summary>
public enum FailoverState
{
    /// <summary>Names point at the primary, which is healthy or not yet down for long enough.</summary>
    Primary,

    /// <summary>Decided to move; the failover records are being applied and verified.</summary>
    FailingOver,

    /// <summary>Names point at the failover environment.</summary>
    FailedOver,

    /// <summary>Failed over, and the primary is healthy again: the hold time is running.</summary>
    Recovering,

    /// <summary>The hold time has passed; the primary records are being applied and verified.</summary>
    FailingBack,

    /// <summary>An operator fixed the side; nothing moves by itself until resumed.</summary>
    Pinned,

    /// <summary>Moved to the standby for a planned maintenance window and held there until it ends.</summary>
    Maintenance,
}

/// <summary>What one trigger check has said lately, as the policy counts it.</summary>
public sealed record CheckRun
{
    public int ConsecutiveFailures { get; init; }

    public int ConsecutiveSuccesses { get; init; }

    /// <summary>The first failure of the current run of failures.</summary>
    public DateTimeOffset? FailingSince { get; init; }

    public DateTimeOffset? LastAt { get; init; }

    public bool? LastOk { get; init; }

    public string? LastDetail { get; init; }

    public CheckRun Observe(bool ok, DateTimeOffset at, string? detail) => ok
        ? this with { ConsecutiveSuccesses = ConsecutiveSuccesses + 1, ConsecutiveFailures = 0, FailingSince = null, LastAt = at, LastOk = true, LastDetail = detail }
        : this with { ConsecutiveFailures = ConsecutiveFailures + 1, ConsecutiveSuccesses = 0, FailingSince = FailingSince ?? at, LastAt = at, LastOk = false, LastDetail = detail };
}

/// <summary>A policy's persisted state: enough to resume exactly where it was after a restart.</summary>
public sealed record PolicyState
{
    public required string PolicyId { get; init; }

    public FailoverState State { get; init; } = FailoverState.Primary;

    /// <summary>The side whose records are published now (the last side applied successfully).</summary>
    public FailoverSide LiveSide { get; init; } = FailoverSide.Primary;

    /// <summary>The side an operator or a maintenance window pinned, while Pinned or Maintenance.</summary>
    public FailoverSide? PinnedSide { get; init; }

    public DateTimeOffset Since { get; init; }

    /// <summary>When the primary became healthy while failed over: the start of the hold time.</summary>
    public DateTimeOffset? HealthySince { get; init; }

    public DateTimeOffset? MaintenanceUntil { get; init; }

    /// <summary>
    /// The maintenance window the policy moved for (or that an operator overrode while it ran): each window moves
    /// the names once, and its end brings them back.
    /// </summary>
    public string? MaintenanceId { get; init; }

    /// <summary>The last apply or verification error, shown until a change succeeds.</summary>
    public string? LastError { get; init; }

    /// <summary>
    /// Why the machine declines to fail over although the primary is down (pinned, or in a maintenance window); null
    /// when it does not. Set once per outage, so the refusal is announced once; cleared when the primary is up again.
    /// </summary>
    public string? Refused { get; init; }

    /// <summary>The status-page incident this policy opened for its current failover, if any.</summary>
    public string? IncidentId { get; init; }

    /// <summary>An operator moved the names to the standby and chose to show it as maintenance, not as an outage.</summary>
    public bool Planned { get; init; }

    /// <summary>The maintenance opened on the page for a planned move; completed when the names are back.</summary>
    public string? PlannedMaintenanceId { get; init; }

    /// <summary>Trigger evidence: by check id for this server's own location, by "check#location" for others.</summary>
    public Dictionary<string, CheckRun> Checks { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Locations impaired when the last result came: their evidence is set aside.</summary>
    public IReadOnlyList<string> ImpairedLocations { get; init; } = [];

    /// <summary>The side the state wants published: what the controller applies until it is live.</summary>
    public FailoverSide WantedSide => State switch
    {
        FailoverState.Primary => FailoverSide.Primary,
        FailoverState.FailingBack => FailoverSide.Primary,
        FailoverState.Pinned or FailoverState.Maintenance => PinnedSide ?? LiveSide,
        _ => FailoverSide.Failover,
    };
}

/// <summary>One recorded move of the state machine, with why, on what evidence and by whom.</summary>
public sealed record FailoverTransition
{
    public required string PolicyId { get; init; }

    public required DateTimeOffset At { get; init; }

    public required FailoverState From { get; init; }

    public required FailoverState To { get; init; }

    public required string Reason { get; init; }

    /// <summary>"pharos" for automatic moves, else the user or token.</summary>
    public required string Actor { get; init; }

    /// <summary>The trigger checks as they stood at the decision.</summary>
    public IReadOnlyDictionary<string, CheckRun> Evidence { get; init; } = new Dictionary<string, CheckRun>();

    /// <summary>For completed changes: how long applying took, and how long until every nameserver agreed.</summary>
    public TimeSpan? ApplyDuration { get; init; }

    public TimeSpan? ConsistencyDuration { get; init; }
}
