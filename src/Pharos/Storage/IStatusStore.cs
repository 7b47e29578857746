using Pharos.Domain;

namespace Pharos.Storage;

/// <summary>
/// What the status page reads. One interface for every dialect; SQLite now, PostgreSQL to join it. Writes go
/// through <see cref="IStatusWriteStore"/> only; each raises the data version, so other processes notice it.
/// </summary>
public interface IStatusStore
{
    /// <summary>Applies pending migrations; safe to call at every start.</summary>
    Task MigrateAsync(CancellationToken ct);

    /// <summary>A number that rises with every committed change, from any process.</summary>
    Task<long> GetDataVersionAsync(CancellationToken ct);

    /// <summary>Open incidents and maintenances, plus everything that started or ended since <paramref name="since"/>.</summary>
    Task<StatusData> LoadAsync(DateTimeOffset since, CancellationToken ct);

    Task<Incident?> GetIncidentAsync(string id, CancellationToken ct);

    Task<Maintenance?> GetMaintenanceAsync(string id, CancellationToken ct);

    Task<string?> GetMetaAsync(string key, CancellationToken ct);

    Task SetMetaAsync(string key, string value, CancellationToken ct);
}

/// <summary>A consistent read of incidents and maintenances.</summary>
public sealed record StatusData(long Version, IReadOnlyList<Incident> Incidents, IReadOnlyList<Maintenance> Maintenances)
{
    /// <summary>When this page's database was first set up; components exist since then.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}
