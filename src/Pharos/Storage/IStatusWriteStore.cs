using Pharos.Audit;
using Pharos.Domain;

namespace Pharos.Storage;

/// <summary>
/// The only way incidents and maintenances are written. Each save carries the object as it was read: when the
/// stored revision has moved on since, nothing is written and false comes back, so the caller recomputes from a
/// fresh read. Only the rows that differ between before and after are touched, and the audit row and the events
/// commit in the same transaction as the change.
/// </summary>
public interface IStatusWriteStore
{
    /// <summary>Saves the change; false when <paramref name="before"/> is stale (or, when null, the id already exists).</summary>
    Task<bool> SaveIncidentAsync(Incident? before, Incident after, AuditEntry audit, IReadOnlyList<DomainEvent> events, CancellationToken ct);

    /// <summary>Saves the change; false when <paramref name="before"/> is stale (or, when null, the id already exists).</summary>
    Task<bool> SaveMaintenanceAsync(Maintenance? before, Maintenance after, AuditEntry audit, IReadOnlyList<DomainEvent> events, CancellationToken ct);

    /// <summary>
    /// Adds history that happened elsewhere (the demo's generated year, an import) in one transaction with one audit
    /// row and no events: nothing of it is news. Refuses to overwrite an id that exists.
    /// </summary>
    Task ImportAsync(IReadOnlyList<Incident> incidents, IReadOnlyList<Maintenance> maintenances, AuditEntry audit, CancellationToken ct);
}

/// <summary>Reads the after-commit events in the order they were committed.</summary>
public interface IDomainEventLog
{
    /// <summary>Up to <paramref name="limit"/> events with a sequence above <paramref name="after"/>, oldest first.</summary>
    Task<IReadOnlyList<DomainEvent>> ReadAsync(long after, int limit, CancellationToken ct);
}
