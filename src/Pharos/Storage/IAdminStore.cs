
namespace Pharos.Storage;

/// <summary>
/// What the admin and /api/v1 need besides the status write path: the incident list and Idempotency-Key records.
/// </summary>
public interface IAdminStore
{
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
