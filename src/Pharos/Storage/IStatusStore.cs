using Pharos.Domain;

namespace Pharos.Storage;

/// <summary>
/// What the status page reads and writes. One interface for every dialect; SQLite now, PostgreSQL to join it.
/// Each save is one transaction that also raises the data version, so other processes notice it.
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

    /// <summary>Inserts or replaces the incident with its components and updates, atomically.</summary>
    Task SaveIncidentAsync(Incident incident, CancellationToken ct);

    /// <summary>Inserts or replaces the maintenance with its components and updates, atomically.</summary>
    Task SaveMaintenanceAsync(Maintenance maintenance, CancellationToken ct);

    Task<string?> GetMetaAsync(string key, CancellationToken ct);

    Task SetMetaAsync(string key, string value, CancellationToken ct);
}

/// <summary>A consistent read of incidents and maintenances.</summary>
public sealed record StatusData(long Version, IReadOnlyList<Incident> Incidents, IReadOnlyList<Maintenance> Maintenances)
{
    /// <summary>When this page's database was first set up; components exist since then.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}
