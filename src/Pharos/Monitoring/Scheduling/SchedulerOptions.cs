namespace Pharos.Monitoring.Scheduling;

/// <summary>How the scheduler spreads checks out.</summary>
public sealed record SchedulerOptions
{
    /// <summary>
    /// Each check's first run is delayed by a fixed share of min(interval, this), derived from its id, so checks do
    /// not all fire in the same second and a restart keeps their spread.
    /// </summary>
    public TimeSpan MaxJitter { get; init; } = TimeSpan.FromSeconds(30);
}
