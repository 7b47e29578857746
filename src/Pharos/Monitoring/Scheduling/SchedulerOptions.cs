namespace Pharos.Monitoring.Scheduling;

/// <summary>How the scheduler spreads checks out.</summary>
public sealed record SchedulerOptions
{
    /// <summary>
    /// Each check's slots are offset by a fixed share of min(interval, this), derived from its id, so checks do not all
    /// fire in the same second; a check whose next slot is further away than this when it starts running here runs
    /// once at that share of it first.
    /// </summary>
    public TimeSpan MaxJitter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Where every check's grid starts. The same on every node (the Unix epoch), so that a check moved between nodes,
    /// or run again after a restart, keeps its slots.
    /// </summary>
    public DateTimeOffset Origin { get; init; } = DateTimeOffset.UnixEpoch;
}
