using System.Collections.Frozen;
using Pharos.Monitoring.Results;

namespace Pharos.Monitoring.Locations;

/// <summary>One location as the admin and the API list it.</summary>
public sealed record LocationStatus(string Location, DateTimeOffset? LastResultAt, bool Impaired, DateTimeOffset? ImpairedSince);

/// <summary>
/// Every location's latest results and impairment, kept in memory: the quorum reads which locations are impaired,
/// the component page shows the latest outcome per location. Thread-safe.
/// </summary>
public sealed class LocationResults(LocationPlan plan, TimeProvider time)
{
    private readonly Dictionary<string, LocationBook> _books = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private FrozenSet<string> _impaired = FrozenSet<string>.Empty;
    private long _version;

    /// <summary>Locations impaired now.</summary>
    public IReadOnlySet<string> Impaired => Volatile.Read(ref _impaired);

    /// <summary>Rises when a location's latest outcome of a check or its impairment changes: the page republishes then.</summary>
    public long Version => Interlocked.Read(ref _version);

    public ImpairmentChange? Apply(CheckResult result)
    {
        var location = result.Location ?? plan.Own;
        if (result.At < time.GetUtcNow() - plan.WindowOf(result.CheckId))
        {
            // A probe replaying its buffer after an outage: stored as history, but it says nothing about now.
            return null;
        }

        lock (_gate)
        {
            if (!_books.TryGetValue(location, out var book))
            {
                _books[location] = book = new LocationBook(location);
            }

            var before = book.LatestOf(result.CheckId)?.Outcome;
            var change = book.Apply(result.CheckId, result.Outcome, result.At, result.Message, plan.IsCanary, plan.WindowOf);
            if (change is not null)
            {
                Volatile.Write(ref _impaired, _books.Values.Where(b => b.Impaired).Select(b => b.Location).ToFrozenSet(StringComparer.Ordinal));
            }

            if (change is not null || before != book.LatestOf(result.CheckId)?.Outcome)
            {
                Interlocked.Increment(ref _version);
            }

            return change;
        }
    }

    /// <summary>The latest result of a check at each location that ran it, in location order.</summary>
    public IReadOnlyList<LocationResult> LatestOf(string checkId)
    {
        lock (_gate)
        {
            return plan.LocationsOf(checkId).Select(l => _books.GetValueOrDefault(l)?.LatestOf(checkId)).OfType<LocationResult>().ToList();
        }
    }

    /// <summary>Every location the plan names or a result came from.</summary>
    public IReadOnlyList<LocationStatus> Locations()
    {
        lock (_gate)
        {
            return plan.All.Union(_books.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(l => _books.GetValueOrDefault(l) is { } b ? new LocationStatus(l, b.LastResultAt, b.Impaired, b.ImpairedSince) : new LocationStatus(l, null, false, null))
                .ToList();
        }
    }
}
