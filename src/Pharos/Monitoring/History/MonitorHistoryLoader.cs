using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Locations;
using Pharos.Monitoring.Results;
using Pharos.Monitoring.State;
using Pharos.Monitoring.Storage;

namespace Pharos.Monitoring.History;

/// <summary>Reads what the snapshot needs of monitoring: three small queries per refresh, none per page view.</summary>
public sealed class MonitorHistoryLoader(IMonitorStore store, IComponentHealthSource health, CheckCatalog? checks = null, LocationPlan? plan = null, LocationResults? locations = null)
{
    /// <summary>How many days of component history the page's uptime bars show.</summary>
    public const int Days = 90;

    /// <summary>Moves with component health and with any location's latest outcome, so the page shows both fresh.</summary>
    public long Version => health.Version + (locations?.Version ?? 0);

    public async Task<MonitorHistoryData> LoadAsync(DateTimeOffset now, CancellationToken ct)
    {
        var version = Version;
        var current = health.Statuses;
        var log = await store.GetComponentLogAsync(now - TimeSpan.FromDays(Days + 1), ct).ConfigureAwait(false);
        var minutes = await store.GetRollupsAsync("component", null, Granularity.Minute, now - TimeSpan.FromHours(24), now.AddMinutes(1), ct).ConfigureAwait(false);
        var hours = await store.GetRollupsAsync("component", null, Granularity.Hour, now - TimeSpan.FromDays(30), now.AddHours(1), ct).ConfigureAwait(false);
        return new MonitorHistoryData(version, current, log, minutes, hours) { Locations = ByLocation() };
    }

    private Dictionary<string, IReadOnlyList<CheckLocations>> ByLocation()
    {
        var result = new Dictionary<string, IReadOnlyList<CheckLocations>>(StringComparer.Ordinal);
        if (checks is null || plan is null || locations is null)
        {
            return result;
        }

        var impaired = locations.Impaired;
        foreach (var (component, ids) in checks.ByComponent)
        {
            var rows = ids.Where(plan.IsMultiLocation).Select(id =>
            {
                var latest = locations.LatestOf(id).ToDictionary(r => r.Location, StringComparer.Ordinal);
                return new CheckLocations(checks.Find(id)!.Name, plan.LocationsOf(id)
                    .Select(l => latest.TryGetValue(l, out var r) ? new LocationCell(l, r.Outcome, r.At, impaired.Contains(l)) : new LocationCell(l, null, null, impaired.Contains(l)))
                    .ToList());
            }).ToList();
            if (rows.Count > 0)
            {
                result[component] = rows;
            }
        }

        return result;
    }
}
