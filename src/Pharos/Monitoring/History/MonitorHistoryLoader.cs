using Pharos.Monitoring.Results;
using Pharos.Monitoring.State;
using Pharos.Monitoring.Storage;

namespace Pharos.Monitoring.History;

/// <summary>Reads what the snapshot needs of monitoring: three small queries per refresh, none per page view.</summary>
public sealed class MonitorHistoryLoader(IMonitorStore store, IComponentHealthSource health)
{
    /// <summary>How many days of component history the page's uptime bars show.</summary>
    public const int Days = 90;

    public long Version => health.Version;

    public async Task<MonitorHistoryData> LoadAsync(DateTimeOffset now, CancellationToken ct)
    {
        var version = health.Version;
        var current = health.Statuses;
        var log = await store.GetComponentLogAsync(now - TimeSpan.FromDays(Days + 1), ct).ConfigureAwait(false);
        var minutes = await store.GetRollupsAsync("component", null, Granularity.Minute, now - TimeSpan.FromHours(24), now.AddMinutes(1), ct).ConfigureAwait(false);
        var hours = await store.GetRollupsAsync("component", null, Granularity.Hour, now - TimeSpan.FromDays(30), now.AddHours(1), ct).ConfigureAwait(false);
        return new MonitorHistoryData(version, current, log, minutes, hours);
    }
}
