using Pharos.Monitoring.Checks;

namespace Pharos.Monitoring.Locations;

/// <summary>The latest result of one check at one location, with the passes in a row that recovery counts.</summary>
public sealed record LocationResult(string Location, string CheckId, CheckOutcome Outcome, DateTimeOffset At, string? Message, int PassesInRow);

/// <summary>A location became impaired (or recovered): its results are set aside from quorum while impaired.</summary>
public sealed record ImpairmentChange(string Location, bool Impaired, DateTimeOffset At, IReadOnlyList<LocationResult> Evidence);

/// <summary>
/// What one location has seen lately, and whether it is impaired: when every check it ran within the window failed,
/// a canary among them, the fault is more likely the location's network than every target at once. It recovers when
/// some check passes there <see cref="RecoverAfter"/> times in a row, so a canary that flaps does not flap the
/// location. Not thread-safe: <see cref="LocationResults"/> holds the lock.
/// </summary>
public sealed class LocationBook(string location)
{
    /// <summary>Passes in a row, of one check at the location, that end an impairment.</summary>
    public const int RecoverAfter = 2;

    private readonly Dictionary<string, LocationResult> _latest = new(StringComparer.Ordinal);

    // Checks whose latest outcome here is not down: one fresh among them means the location is not impaired.
    private readonly HashSet<string> _notDown = new(StringComparer.Ordinal);

    // The canaries that reported here: without a fresh one among them, no location is judged impaired.
    private readonly HashSet<string> _canaries = new(StringComparer.Ordinal);

    public string Location => location;

    public bool Impaired { get; private set; }

    public DateTimeOffset? ImpairedSince { get; private set; }

    public DateTimeOffset? LastResultAt { get; private set; }

    public IEnumerable<LocationResult> Latest => _latest.Values;

    public LocationResult? LatestOf(string checkId) => _latest.GetValueOrDefault(checkId);

    /// <summary>Takes one result; returns the impairment change it caused, if any.</summary>
    /// <param name="isCanary">Whether the check is a canary.</param>
    /// <param name="windowOf">How recent a check's result must be to count as what the location sees now.</param>
    public ImpairmentChange? Apply(string checkId, CheckOutcome outcome, DateTimeOffset at, string? message, Func<string, bool> isCanary, Func<string, TimeSpan> windowOf)
    {
        var before = _latest.GetValueOrDefault(checkId);
        if (before is not null && before.At > at)
        {
            // A late result (a probe replaying its buffer) says nothing about now.
            return null;
        }

        var passes = outcome == CheckOutcome.Down ? 0 : (before?.PassesInRow ?? 0) + 1;
        var result = new LocationResult(location, checkId, outcome, at, message, passes);
        _latest[checkId] = result;
        if (outcome == CheckOutcome.Down)
        {
            _notDown.Remove(checkId);
        }
        else
        {
            _notDown.Add(checkId);
        }

        if (isCanary(checkId))
        {
            _canaries.Add(checkId);
        }

        LastResultAt = LastResultAt is { } last && last > at ? last : at;

        // Every result of every location comes here (on every node of a cluster), so the common cases stay O(1):
        // only a failure can complete "everything here fails", and only a pass ends an impairment.
        if (!Impaired)
        {
            if (outcome != CheckOutcome.Down || _notDown.Any(id => Fresh(_latest[id], at, windowOf)))
            {
                return null;
            }

            if (!_canaries.Any(id => Fresh(_latest[id], at, windowOf)))
            {
                return null;
            }

            var fresh = FreshResults(at, windowOf);
            Impaired = true;
            ImpairedSince = at;
            return new ImpairmentChange(location, true, at, fresh);
        }

        if (passes >= RecoverAfter)
        {
            Impaired = false;
            ImpairedSince = null;
            return new ImpairmentChange(location, false, at, FreshResults(at, windowOf));
        }

        return null;
    }

    private static bool Fresh(LocationResult r, DateTimeOffset at, Func<string, TimeSpan> windowOf) => r.At >= at - windowOf(r.CheckId);

    private List<LocationResult> FreshResults(DateTimeOffset at, Func<string, TimeSpan> windowOf) =>
        _latest.Values.Where(r => Fresh(r, at, windowOf)).ToList();
}
