using NodaTime;
using Pharos.Domain;
using Pharos.Monitoring.Results;

namespace Pharos.Monitoring.History;

/// <summary>What the status page shows of monitoring history, computed once per snapshot and never per request.</summary>
public sealed record MonitoringView(
    IReadOnlyDictionary<string, ComponentUptime> Uptime,
    IReadOnlyDictionary<string, ComponentCharts> Charts)
{
    public static MonitoringView Empty { get; } = new(new Dictionary<string, ComponentUptime>(), new Dictionary<string, ComponentCharts>());
}

/// <summary>One cell of the 90-day bar: the day's worst status, its uptime, and the incidents that touched it; null status = no data.</summary>
public sealed record UptimeDay(LocalDate Day, ComponentStatus? Worst, double? UptimePercent, IReadOnlyList<Incident> Incidents);

public sealed record ComponentUptime(IReadOnlyList<UptimeDay> Days, double? Uptime30, double? Uptime90);

/// <summary>A point of a response-time chart.</summary>
public sealed record LatencyPoint(DateTimeOffset At, double MeanMs, double P95Ms);

/// <summary>Response-time series over the last 24 hours, 7 days and 30 days.</summary>
public sealed record ComponentCharts(IReadOnlyList<LatencyPoint> Day, IReadOnlyList<LatencyPoint> Week, IReadOnlyList<LatencyPoint> Month);

/// <summary>The stored history a snapshot is computed from.</summary>
public sealed record MonitorHistoryData(
    long HealthVersion,
    IReadOnlyDictionary<string, ComponentStatus> Current,
    IReadOnlyList<ComponentHealthChange> Log,
    IReadOnlyList<Rollup> Minutes,
    IReadOnlyList<Rollup> Hours);
