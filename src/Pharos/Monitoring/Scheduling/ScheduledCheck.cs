using Pharos.Monitoring.Checks;

namespace Pharos.Monitoring.Scheduling;

/// <summary>One assigned check as the scheduler holds it: its probe, its grid, and its run in flight.</summary>
internal sealed class ScheduledCheck(CheckConfig check, IProbe probe, CheckGrid grid)
{
    public CheckConfig Check => check;

    public IProbe Probe => probe;

    public CheckGrid Grid => grid;

    /// <summary>Set when the check is no longer assigned: a queued slot of it is dropped, and a run going ends its loop.</summary>
    public bool Removed { get; set; }

    /// <summary>The run going now or last; its slots are skipped while it is going.</summary>
    public Task? Running { get; set; }
}
