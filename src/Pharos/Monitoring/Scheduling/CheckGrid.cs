namespace Pharos.Monitoring.Scheduling;

/// <summary>
/// A check's schedule: the slots origin + phase + k × interval, where the phase is a stable share of the jitter
/// window taken from a hash of the check's id. The origin is the same for every process (the Unix epoch unless set),
/// so a check has the same slots on whichever node runs it, before and after a restart or a move.
/// </summary>
public readonly record struct CheckGrid(DateTimeOffset Origin, TimeSpan Phase, TimeSpan Interval)
{
    /// <summary>The grid of a check with this id and interval, its phase a share of min(interval, maxJitter).</summary>
    public static CheckGrid For(string checkId, TimeSpan interval, TimeSpan maxJitter, DateTimeOffset origin)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "a check's interval must be positive");
        }

        var window = interval < maxJitter ? interval : maxJitter;
        return new CheckGrid(origin, window <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks((long)(window.Ticks * Share(checkId))), interval);
    }

    /// <summary>How far into the jitter window the id falls, in [0, 1]: FNV-1a, stable across processes unlike string.GetHashCode.</summary>
    public static double Share(string checkId)
    {
        var hash = 2166136261u;
        foreach (var ch in checkId)
        {
            hash = (hash ^ ch) * 16777619u;
        }

        return hash / (double)uint.MaxValue;
    }

    /// <summary>
    /// When a check that starts running here at <paramref name="now"/> runs first: its next slot if that comes within
    /// the jitter window, so that a move keeps the grid; otherwise (an interval longer than the window) a run of its
    /// own at now + phase, so that no check waits up to a whole interval after a start or a move.
    /// </summary>
    public DateTimeOffset FirstDue(DateTimeOffset now, TimeSpan maxJitter)
    {
        var slot = SlotAtOrAfter(now);
        var window = Interval < maxJitter ? Interval : maxJitter;
        return slot - now <= window ? slot : now + Phase;
    }

    /// <summary>
    /// The slot after a run due at <paramref name="due"/> that finished at <paramref name="finished"/>: the first slot
    /// after both, so that late runs never pile up and the grid never shifts; <paramref name="skipped"/> counts the
    /// slots that passed while the run was going (or waiting to start).
    /// </summary>
    public DateTimeOffset NextDue(DateTimeOffset due, DateTimeOffset finished, out long skipped)
    {
        var after = finished > due ? finished : due;
        var next = SlotAtOrAfter(after + TimeSpan.FromTicks(1));
        var firstAfterDue = SlotAtOrAfter(due + TimeSpan.FromTicks(1));
        skipped = (next - firstAfterDue).Ticks / Interval.Ticks;
        return next;
    }

    /// <summary>The first slot at or after <paramref name="t"/>.</summary>
    public DateTimeOffset SlotAtOrAfter(DateTimeOffset t)
    {
        var start = Origin + Phase;
        var since = (t - start).Ticks;
        var k = since <= 0 ? -(-since / Interval.Ticks) : ((since - 1) / Interval.Ticks) + 1;
        return start + TimeSpan.FromTicks(k * Interval.Ticks);
    }
}
