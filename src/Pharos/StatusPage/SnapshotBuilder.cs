using Pharos.Config;
using Pharos.Domain;
using Pharos.Monitoring.History;
using Pharos.Storage;

namespace Pharos.StatusPage;

/// <summary>Turns stored data and the config into a <see cref="StatusSnapshot"/>; pure, so tests can call it directly.</summary>
public static class SnapshotBuilder
{
    public static StatusSnapshot Build(
        SiteCatalog config,
        StatusData data,
        DateTimeOffset now,
        IReadOnlyDictionary<string, ComponentStatus>? fromChecks = null,
        MonitorHistoryData? history = null)
    {
        fromChecks ??= history?.Current;
        var maintenances = data.Maintenances.Select(m => m.Advance(now)).OrderBy(m => m.ScheduledFor).ToList();
        var incidents = data.Incidents.OrderByDescending(i => i.StartedAt).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();

        // Components exist since the page does; demo history may reach further back than the database's creation.
        var created = new[] { data.CreatedAt ?? now }
            .Concat(incidents.Select(i => i.StartedAt))
            .Concat(maintenances.Select(m => m.CreatedAt))
            .Min();
        var statuses = new Dictionary<string, ComponentStatus>(StringComparer.Ordinal);
        var since = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var c in config.Components)
        {
            ComponentStatus? checks = fromChecks is not null && fromChecks.TryGetValue(c.Id, out var cs) ? cs : null;
            statuses[c.Id] = StatusCalculator.ComponentStatusOf(c.Id, incidents, maintenances, checks);
            since[c.Id] = LastChange(c.Id, incidents, maintenances) ?? created;
        }

        foreach (var g in config.Groups)
        {
            var members = config.Components.Where(c => c.GroupId == g.Id).Select(c => c.Id).ToList();
            statuses[g.Id] = StatusCalculator.Worst(members.Select(m => statuses[m]));
            since[g.Id] = members.Select(m => since[m]).DefaultIfEmpty(created).Max();
        }

        var indicator = StatusCalculator.IndicatorOf(config.Components.Select(c => statuses[c.Id]), incidents, maintenances);
        var times = new TimeDisplay(config.Site.TimeZone, config.Site.Language, config.Site.ExtraTimeZones);
        return new StatusSnapshot
        {
            HealthVersion = history?.HealthVersion ?? 0,
            Monitoring = BuildMonitoring(config, incidents, history, times, now),
            Config = config,
            GeneratedAt = now,
            DataVersion = data.Version,
            Times = times,
            Texts = Localization.Texts.For(config.Site.Language),
            Incidents = incidents,
            Maintenances = maintenances,
            Statuses = statuses,
            StatusSince = since,
            CreatedAt = created,
            Indicator = indicator,
        };
    }

    /// <summary>Uptime bars for every component (from incidents alone when nothing is monitored) and charts from check rollups.</summary>
    private static MonitoringView BuildMonitoring(SiteCatalog config, IReadOnlyList<Incident> incidents, MonitorHistoryData? history, TimeDisplay times, DateTimeOffset now)
    {
        var uptime = new Dictionary<string, ComponentUptime>(StringComparer.Ordinal);
        var charts = new Dictionary<string, ComponentCharts>(StringComparer.Ordinal);
        foreach (var c in config.Components)
        {
            uptime[c.Id] = UptimeCalculator.Build(c.Id, history?.Log ?? [], incidents, times, now);
            if (history is not null)
            {
                charts[c.Id] = ChartSeries.Build(c.Id, history.Minutes, history.Hours, now);
            }
        }

        return new MonitoringView(uptime, charts, history?.Locations);
    }

    /// <summary>The latest update that touched the component: its status cannot have changed later than that.</summary>
    private static DateTimeOffset? LastChange(string componentId, IReadOnlyList<Incident> incidents, IReadOnlyList<Maintenance> maintenances)
    {
        DateTimeOffset? last = null;
        foreach (var i in incidents.Where(i => i.Components.Any(c => c.ComponentId == componentId)))
        {
            last = Max(last, i.ResolvedAt ?? i.UpdatedAt);
        }

        foreach (var m in maintenances.Where(m => m.ComponentIds.Contains(componentId) && m.Status != MaintenanceStatus.Scheduled))
        {
            last = Max(last, m.CompletedAt ?? m.StartedAt ?? m.UpdatedAt);
        }

        return last;
    }

    private static DateTimeOffset Max(DateTimeOffset? a, DateTimeOffset b) => a is null || b > a ? b : a.Value;
}
