using System.Data.Common;

namespace Pharos.Notifications.Outbox;

/// <summary>The durable outbox: notices, deliveries, attempts. One implementation per storage dialect.</summary>
public interface IOutboxStore
{
    /// <summary>Stores a notice inside the caller's transaction and returns its id.</summary>
    Task<long> AddNoticeAsync(DbConnection c, DbTransaction tx, Notice notice, CancellationToken ct);

    /// <summary>Enqueues deliveries inside the caller's transaction; a repeated idempotency key is ignored.</summary>
    Task EnqueueAsync(DbConnection c, DbTransaction tx, IEnumerable<NewDelivery> deliveries, CancellationToken ct);

    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries, each the oldest pending one of its channel and ordering
    /// key (so order holds per incident and channel), leasing them until <paramref name="leaseUntil"/>.
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>> ClaimAsync(DateTimeOffset now, int limit, DateTimeOffset leaseUntil, CancellationToken ct);

    /// <summary>Claims the due deliveries queued right behind <paramref name="head"/> (same channel and key), to send as one grouped message.</summary>
    Task<IReadOnlyList<OutboxEntry>> ClaimFollowersAsync(OutboxEntry head, DateTimeOffset now, int limit, DateTimeOffset leaseUntil, CancellationToken ct);

    /// <summary>Records attempts and their consequences in one transaction.</summary>
    Task RecordAsync(IReadOnlyList<Outcome> outcomes, CancellationToken ct);

    /// <summary>Frees every lease: at start, when no other sender can hold one (one node).</summary>
    Task ReleaseLeasesAsync(CancellationToken ct);

    Task<Notice?> GetNoticeAsync(long id, CancellationToken ct);

    Task<IReadOnlyList<OutboxEntry>> ListAsync(string? status, int limit, CancellationToken ct);

    /// <summary>Newest first, only rows older than <paramref name="beforeId"/> when given: one page of the admin's list.</summary>
    Task<IReadOnlyList<OutboxEntry>> ListAsync(string? status, int limit, long? beforeId, CancellationToken ct);

    Task<OutboxEntry?> GetAsync(long id, CancellationToken ct);

    Task<IReadOnlyList<DeliveryAttempt>> GetAttemptsAsync(long messageId, CancellationToken ct);

    /// <summary>Puts a dead letter back in the queue, through its first channel again; false when it is not dead.</summary>
    Task<bool> ResendAsync(long id, DateTimeOffset now, CancellationToken ct);

    /// <summary>As <see cref="ResendAsync(long, DateTimeOffset, CancellationToken)"/>, writing <paramref name="audit"/> in the same transaction.</summary>
    Task<bool> ResendAsync(long id, DateTimeOffset now, Audit.AuditEntry audit, CancellationToken ct);

    Task<OutboxStats> StatsAsync(CancellationToken ct);
}

/// <summary>One try to deliver, as the admin lists it.</summary>
public sealed record DeliveryAttempt(long MessageId, string Channel, DateTimeOffset At, bool Ok, string? Error, TimeSpan Duration);
