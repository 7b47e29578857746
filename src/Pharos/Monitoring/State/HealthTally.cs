using Pharos.Domain;

namespace Pharos.Monitoring.State;

/// <summary>A component's checks counted by health; the tracker moves a check between counts as its state changes.</summary>
internal sealed class HealthTally(int checks)
{
    private readonly int[] _counts = CountsOf(checks);

    public ComponentStatus Status => ComponentHealthRules.StatusOf(
        _counts[(int)CheckHealth.Up] + _counts[(int)CheckHealth.Degraded] + _counts[(int)CheckHealth.Down],
        _counts[(int)CheckHealth.Down],
        _counts[(int)CheckHealth.Degraded]);

    public void Move(CheckHealth from, CheckHealth to)
    {
        _counts[(int)from]--;
        _counts[(int)to]++;
    }

    private static int[] CountsOf(int pending)
    {
        var counts = new int[(int)CheckHealth.Down + 1];
        counts[(int)CheckHealth.Pending] = pending;
        return counts;
    }
}
