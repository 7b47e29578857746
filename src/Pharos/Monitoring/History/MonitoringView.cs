using NodaTime;
using Pharos.Domain;
using Pharos.Monitoring.Results;

namespace Pharos.Monitoring.History;

/// <summary>What the status page shows of monitoring history, computed once per snapshot and never per request.</summary>
public sealed record MonitoringView(
    IReadOnlyDictionary<string, ComponentUptime> Uptime,
    IReadOnlyDictionary<string, ComponentCharts> Charts,
    IReadOnlyDictionary<string, IReadOnlyList<CheckLocations>>? Locations = null)
{
    public static MonitoringView Empty { get; } = new(new Dictionary<string, ComponentUptime>(), new Dictionary<string, ComponentCharts>());

    /// <summary>Per-location results of each component's checks run from more than this server; none for the others.</summary>
    public IReadOnlyList<CheckLocations> LocationsOf(string componentId) =>
        Locations is not null && Locations.TryGetValue(componentId, out var list) ? list : [];
}

/// <summary>One check of a component as each of its locations saw it last (the component page's table).</summary>
public sealed record CheckLocations(string CheckName, IReadOnlyList<LocationCell> Cells);

/// <summary>The latest outcome at one location, null before its first result; impaired locations are set aside from quorum.</summary>
public sealed record LocationCell(string Location, Checks.CheckOutcome? Outcome, DateTimeOffset? At, bool Impaired);

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
    IReadOnlyList<Rollup> Hours)
{
    /// <summary>Per-location results by component id, taken from memory with the rest.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<CheckLocations>> Locations { get; init; } = new Dictionary<string, IReadOnlyList<CheckLocations>>();
}
