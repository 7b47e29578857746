using Pharos.Domain;

namespace Pharos.Monitoring.State;

/// <summary>How a component's checks decide its status: all down is a major outage, some a partial one, slow is degraded.</summary>
public static class ComponentHealthRules
{
    public static ComponentStatus StatusOf(IEnumerable<CheckHealth> checks)
    {
        int known = 0, down = 0, degraded = 0;
        foreach (var h in checks)
        {
            if (h == CheckHealth.Pending)
            {
                continue;
            }

            known++;
            down += h == CheckHealth.Down ? 1 : 0;
            degraded += h == CheckHealth.Degraded ? 1 : 0;
        }

        return StatusOf(known, down, degraded);
    }

    /// <summary>The same rule from counts of the checks that have a state (not pending), as a running tally keeps them.</summary>
    public static ComponentStatus StatusOf(int known, int down, int degraded)
    {
        return known == 0 ? ComponentStatus.Operational
            : down == known ? ComponentStatus.MajorOutage
            : down > 0 ? ComponentStatus.PartialOutage
            : degraded > 0 ? ComponentStatus.DegradedPerformance
            : ComponentStatus.Operational;
    }
}
