using NodaTime;
using Pharos.Domain;

namespace Pharos.StatusPage;

/// <summary>One day of the Past: the incidents that started and the maintenance that ran on it, newest first.</summary>
public sealed record PastDay(LocalDate Day, IReadOnlyList<PastEntry> Entries)
{
    public bool IsEmpty => Entries.Count == 0;
}

/// <summary>An incident or a finished maintenance window, at the time that places it in the Past.</summary>
public sealed record PastEntry(DateTimeOffset At, Incident? Incident, Maintenance? Maintenance)
{
    /// <summary>
    /// Where a finished window belongs: the day it began, or for one called off before it began, the day it was
    /// called off (its planned window may still lie ahead).
    /// </summary>
    public static DateTimeOffset PlaceOf(Maintenance m) => m.StartedAt ?? m.CompletedAt ?? m.ScheduledFor;

    /// <summary>Incidents by the day they started and finished maintenance by <see cref="PlaceOf"/>, for the days in [from, to], newest first.</summary>
    public static IReadOnlyList<PastDay> ByDay(StatusSnapshot s, LocalDate from, LocalDate to, bool includeEmptyDays)
    {
        var entries = s.Incidents.Select(i => new PastEntry(i.StartedAt, i, null))
            .Concat(s.Maintenances.Where(m => m.Status == MaintenanceStatus.Completed).Select(m => new PastEntry(PlaceOf(m), null, m)))
            .GroupBy(e => s.Times.DayOf(e.At))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<PastEntry>)g.OrderByDescending(e => e.At).ToList());
        var result = new List<PastDay>();
        for (var d = to; d >= from; d = d.PlusDays(-1))
        {
            if (entries.TryGetValue(d, out var list))
            {
                result.Add(new PastDay(d, list));
            }
            else if (includeEmptyDays)
            {
                result.Add(new PastDay(d, []));
            }
        }

        return result;
    }
}
