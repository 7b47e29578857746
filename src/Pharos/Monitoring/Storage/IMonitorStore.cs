using Pharos.Domain;
using Pharos.Monitoring.Results;
using Pharos.Monitoring.State;

namespace Pharos.Monitoring.Storage;

/// <summary>
/// Where monitoring keeps results, rollups and state. Dialect-neutral: plain SQL with ON CONFLICT upserts and
/// Unix-ms times, so a PostgreSQL implementation can join SqliteMonitorStore with the same tests.
/// </summary>
public interface IMonitorStore
{
    /// <summary>Writes a batch in one transaction: results, rollups added to, state and status changes.</summary>
    Task WriteBatchAsync(MonitorBatch batch, CancellationToken ct);

    Task<IReadOnlyList<StoredCheckState>> LoadCheckStatesAsync(CancellationToken ct);

    Task<IReadOnlyList<StoredComponentHealth>> LoadComponentHealthAsync(CancellationToken ct);

    /// <summary>Remembers (or forgets, with null) the automatic incident open for a component.</summary>
    Task SetComponentIncidentAsync(string componentId, string? incidentId, CancellationToken ct);

    Task SaveHeartbeatAsync(string checkId, DateTimeOffset at, bool failed, CancellationToken ct);

    /// <summary>Raw results of one check in [from, to), newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<CheckResult>> GetResultsAsync(string checkId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct);

    /// <summary>Rollups of one scope ("check" or "component") in [from, to); all subjects when <paramref name="subjectId"/> is null.</summary>
    Task<IReadOnlyList<Rollup>> GetRollupsAsync(string scope, string? subjectId, Granularity granularity, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);

    /// <summary>Component status changes since <paramref name="since"/>, plus each component's last change before it.</summary>
    Task<IReadOnlyList<ComponentHealthChange>> GetComponentLogAsync(DateTimeOffset since, CancellationToken ct);

    /// <summary>Deletes raw results and rollups past their retention; returns the rows removed.</summary>
    Task<long> PruneAsync(DateTimeOffset rawBefore, DateTimeOffset minuteBefore, DateTimeOffset rollupBefore, CancellationToken ct);
}

/// <summary>What one write transaction holds.</summary>
public sealed record MonitorBatch(
    IReadOnlyList<CheckResult> Results,
    IReadOnlyList<Rollup> Rollups,
    IReadOnlyList<CheckStateChange> StateChanges,
    IReadOnlyList<ComponentHealthChange> ComponentChanges)
{
    /// <summary>Events the state changes raise, written with them.</summary>
    public IReadOnlyList<DomainEvent> Events { get; init; } = [];

    /// <summary>Events written only if the log holds none of the same kind and subject (see <see cref="OnceEvent"/>).</summary>
    public IReadOnlyList<DomainEvent> OnceEvents { get; init; } = [];
}

public sealed record StoredCheckState(string CheckId, CheckHealth Health, DateTimeOffset? Since, string? Message, DateTimeOffset? LastPingAt, bool LastPingFailed);

public sealed record StoredComponentHealth(string ComponentId, ComponentStatus Status, DateTimeOffset Since, string? IncidentId);
