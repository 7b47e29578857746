using Pharos.Monitoring.State;

namespace Pharos.Monitoring.Locations;

/// <summary>What one location says of one check now: its own state after hysteresis.</summary>
public sealed record LocationVote(string Location, CheckState State);

/// <summary>
/// A check's health from the states of all its locations, pure. A location counts only when it is not impaired and
/// has a result within the window behind the check's newest result; a silent location is unknown, never down. The
/// check is down when at least `quorum` counted locations say down, degraded when that many say degraded or worse,
/// up when fewer say down and some counted location passes; with nothing counted it stays as it was.
/// </summary>
public static class QuorumRule
{
    public static CheckHealth Combine(IEnumerable<LocationVote> votes, int quorum, TimeSpan window, IReadOnlySet<string> impaired, CheckHealth previous)
    {
        var all = votes.Where(v => v.State.LastResultAt is not null).ToList();
        if (all.Count == 0)
        {
            return previous;
        }

        var newest = all.Max(v => v.State.LastResultAt!.Value);
        var counted = all.Where(v => v.State.LastResultAt >= newest - window && !impaired.Contains(v.Location)).Select(v => v.State.Health).ToList();
        var down = counted.Count(h => h == CheckHealth.Down);
        var degraded = counted.Count(h => h == CheckHealth.Degraded);
        var passing = counted.Count(h => h is CheckHealth.Up or CheckHealth.Degraded);
        // A location still pending (failures short of fail_after) has said nothing yet either way.
        return down >= quorum ? CheckHealth.Down
            : down + degraded >= quorum ? CheckHealth.Degraded
            : passing > 0 ? CheckHealth.Up
            : previous == CheckHealth.Down && down > 0 ? CheckHealth.Up
            : previous;
    }
}
