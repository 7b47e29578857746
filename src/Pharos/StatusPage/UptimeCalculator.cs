using Pharos.Domain;
using Pharos.Monitoring.History;
using Pharos.Monitoring.Results;

namespace Pharos.StatusPage;

/// <summary>
/// Builds the 90-day bars and uptime figures from the check-derived status log and the incidents, per day of the
/// page's time zone. Uptime counts a major outage as fully down and a partial outage as 30 % down (Statuspage's
/// rule); a day before a component has any data is "no data", not green.
/// </summary>
public static class UptimeCalculator
{
    public const int Days = MonitorHistoryLoader.Days;

    public static ComponentUptime Build(string componentId, IReadOnlyList<ComponentHealthChange> log, IReadOnlyList<Incident> incidents, TimeDisplay times, DateTimeOffset now)
    {
        var changes = log.Where(c => c.ComponentId == componentId).OrderBy(c => c.At).ToList();
        var spans = incidents.Where(i => i.Components.Any(c => c.ComponentId == componentId))
            .Select(i => (From: i.StartedAt, To: i.ResolvedAt ?? now, Status: IncidentStatusFor(i, componentId), Incident: i)).ToList();
        DateTimeOffset? dataStart = changes.Count > 0 ? changes[0].At : null;
        foreach (var s in spans)
        {
            dataStart = dataStart is null || s.From < dataStart ? s.From : dataStart;
        }

        var today = times.DayOf(now);
        var days = new List<UptimeDay>(Days);
        double down30 = 0, total30 = 0, down90 = 0, total90 = 0;
        for (var d = today.PlusDays(1 - Days); d <= today; d = d.PlusDays(1))
        {
            var dayStart = times.Zone.AtStartOfDay(d).ToDateTimeOffset();
            var dayEnd = times.Zone.AtStartOfDay(d.PlusDays(1)).ToDateTimeOffset();
            var dayIncidents = spans.Where(s => s.From < dayEnd && s.To >= dayStart).Select(s => s.Incident).ToList();
            var from = dataStart is { } ds && ds > dayStart ? ds : dayStart;
            var to = dayEnd < now ? dayEnd : now;
            if (dataStart is null || from >= to)
            {
                days.Add(new UptimeDay(d, null, null, dayIncidents));
                continue;
            }

            var (worst, downSeconds) = Measure(changes, spans, from, to);
            var seconds = (to - from).TotalSeconds;
            days.Add(new UptimeDay(d, worst, 100.0 * (seconds - downSeconds) / seconds, dayIncidents));
            down90 += downSeconds;
            total90 += seconds;
            if (d > today.PlusDays(-30))
            {
                down30 += downSeconds;
                total30 += seconds;
            }
        }

        return new ComponentUptime(days, Percent(down30, total30), Percent(down90, total90));
    }

    private static double? Percent(double down, double total) => total <= 0 ? null : 100.0 * (total - down) / total;

    /// <summary>The worst status in [from, to) and the weighted seconds of downtime.</summary>
    private static (ComponentStatus Worst, double DownSeconds) Measure(
        List<ComponentHealthChange> changes, List<(DateTimeOffset From, DateTimeOffset To, ComponentStatus Status, Incident Incident)> spans, DateTimeOffset from, DateTimeOffset to)
    {
        var points = new SortedSet<DateTimeOffset> { from, to };
        foreach (var c in changes.Where(c => c.At > from && c.At < to))
        {
            points.Add(c.At);
        }

        foreach (var s in spans)
        {
            if (s.From > from && s.From < to)
            {
                points.Add(s.From);
            }

            if (s.To > from && s.To < to)
            {
                points.Add(s.To);
            }
        }

        var worst = ComponentStatus.Operational;
        double down = 0;
        var list = points.ToList();
        for (var i = 0; i + 1 < list.Count; i++)
        {
            var at = list[i];
            var status = CheckStatusAt(changes, at);
            foreach (var s in spans.Where(s => s.From <= at && s.To > at))
            {
                status = s.Status > status ? s.Status : status;
            }

            worst = status > worst ? status : worst;
            var seconds = (list[i + 1] - at).TotalSeconds;
            down += status == ComponentStatus.MajorOutage ? seconds : status == ComponentStatus.PartialOutage ? 0.3 * seconds : 0;
        }

        return (worst, down);
    }

    private static ComponentStatus CheckStatusAt(List<ComponentHealthChange> changes, DateTimeOffset at)
    {
        var status = ComponentStatus.Operational;
        foreach (var c in changes)
        {
            if (c.At > at)
            {
                break;
            }

            status = c.Status;
        }

        return status;
    }

    /// <summary>The worst status an incident gave the component: from its updates' changes, else from its impact.</summary>
    private static ComponentStatus IncidentStatusFor(Incident i, string componentId)
    {
        var worst = i.Components.Where(c => c.ComponentId == componentId).Select(c => c.Status).DefaultIfEmpty(ComponentStatus.Operational).Max();
        foreach (var u in i.Updates)
        {
            foreach (var c in u.ComponentChanges.Where(c => c.ComponentId == componentId && c.NewStatus > worst))
            {
                worst = c.NewStatus;
            }
        }

        return worst != ComponentStatus.Operational ? worst : i.Impact switch
        {
            IncidentImpact.Critical => ComponentStatus.MajorOutage,
            IncidentImpact.Major => ComponentStatus.PartialOutage,
            IncidentImpact.Minor => ComponentStatus.DegradedPerformance,
            _ => ComponentStatus.Operational,
        };
    }
}
