using Pharos.Audit;
using Pharos.Domain;

namespace Pharos.Storage;

/// <summary>
/// Writes people make to incidents and maintenance. Each save carries the state it was computed from: when the
/// stored row has moved on since (another editor, the maintenance clock), nothing is written and the caller retries.
/// </summary>
public interface IAdminStore
{
    /// <summary>Saves the incident and its audit row atomically; false when <paramref name="before"/> is stale.</summary>
    Task<bool> SaveIncidentAsync(Incident? before, Incident after, AuditEntry audit, CancellationToken ct);

    /// <summary>Saves the maintenance and its audit row atomically; false when <paramref name="before"/> is stale.</summary>
    Task<bool> SaveMaintenanceAsync(Maintenance? before, Maintenance after, AuditEntry audit, CancellationToken ct);

    /// <summary>Incidents started in [from, to), newest first, for the admin's list (the snapshot holds only recent ones).</summary>
    Task<IReadOnlyList<(string Id, string Name, string Status, DateTimeOffset StartedAt)>> ListIncidentsAsync(int limit, CancellationToken ct);

    /// <summary>Reserves an idempotency key; returns the stored response when the key was used before.</summary>
    Task<IdempotencyRecord?> BeginIdempotentAsync(string owner, string key, string requestHash, DateTimeOffset now, CancellationToken ct);

    Task CompleteIdempotentAsync(string owner, string key, int statusCode, string contentType, byte[] body, CancellationToken ct);

    /// <summary>Frees a key whose request failed before it changed anything, so it may be retried.</summary>
    Task ReleaseIdempotentAsync(string owner, string key, CancellationToken ct);
}

/// <summary>What an earlier request with the same key stored; StatusCode is null while that request is still running.</summary>
public sealed record IdempotencyRecord(string RequestHash, int? StatusCode, string? ContentType, byte[]? Body);
