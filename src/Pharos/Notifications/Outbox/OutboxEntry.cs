namespace Pharos.Notifications.Outbox;

/// <summary>A stored delivery as the relay claims it.</summary>
public sealed record OutboxEntry
{
    public required long Id { get; init; }
    public required string IdempotencyKey { get; init; }
    public required long NoticeId { get; init; }
    public string? Route { get; init; }
    public required string Channel { get; init; }

    /// <summary>Channels still to try, in order, when <see cref="Channel"/> gives up.</summary>
    public IReadOnlyList<string> Fallbacks { get; init; } = [];

    /// <summary>Channels already given up on, for the undeliverable alert (which must go another way).</summary>
    public IReadOnlyList<string> Tried { get; init; } = [];

    /// <summary>A subscriber id when the delivery is for one.</summary>
    public string? Recipient { get; init; }

    public required string OrderingKey { get; init; }

    /// <summary>Attempts through the current channel so far.</summary>
    public int Attempts { get; init; }

    public string Status { get; init; } = OutboxStatus.Pending;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset NextAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public string? LastError { get; init; }
}

/// <summary>The states of an outbox row.</summary>
public static class OutboxStatus
{
    public const string Pending = "pending";
    public const string Sent = "sent";

    /// <summary>Every channel gave up: a dead letter, listed in the admin with a re-send button.</summary>
    public const string Dead = "dead";

    /// <summary>Nobody to send to any more (the subscriber left before it went out).</summary>
    public const string Cancelled = "cancelled";
}

/// <summary>A delivery to enqueue.</summary>
/// <param name="NoticeId">What it says.</param>
/// <param name="Channel">Through which channel first.</param>
/// <param name="OrderingKey">Deliveries with the same channel and key go out one at a time, in order (per incident, per subscriber).</param>
/// <param name="IdempotencyKey">Unique; the same for every attempt.</param>
/// <param name="NextAt">Not before (quiet hours, a group's window).</param>
public sealed record NewDelivery(long NoticeId, string Channel, string OrderingKey, string IdempotencyKey, DateTimeOffset NextAt)
{
    public string? Route { get; init; }

    public IReadOnlyList<string> Fallbacks { get; init; } = [];

    public string? Recipient { get; init; }
}

/// <summary>What the relay decided after an attempt.</summary>
public abstract record Outcome(long Id, string Channel, DateTimeOffset At, TimeSpan Duration, string? Error)
{
    /// <summary>Delivered; <paramref name="Members"/> are the other rows of a group sent in the same message.</summary>
    public sealed record Sent(long Id, string Channel, DateTimeOffset At, TimeSpan Duration, IReadOnlyList<long> Members) : Outcome(Id, Channel, At, Duration, null);

    public sealed record RetryAt(long Id, string Channel, DateTimeOffset At, TimeSpan Duration, string Error, DateTimeOffset Next) : Outcome(Id, Channel, At, Duration, Error);

    /// <summary>The channel gave up; the next fallback takes over with a fresh count of attempts.</summary>
    public sealed record MovedTo(long Id, string Channel, DateTimeOffset At, TimeSpan Duration, string Error, string NewChannel, IReadOnlyList<string> Remaining) : Outcome(Id, Channel, At, Duration, Error);

    /// <summary>Every channel gave up; <paramref name="Undeliverable"/> is the event to raise about it, if any.</summary>
    public sealed record Dead(long Id, string Channel, DateTimeOffset At, TimeSpan Duration, string Error, Domain.DomainEvent? Undeliverable) : Outcome(Id, Channel, At, Duration, Error);

    /// <summary>Claimed but not attempted (a grouped message failed): free again, attempts unchanged.</summary>
    public sealed record Released(long Id, string Channel, DateTimeOffset At) : Outcome(Id, Channel, At, TimeSpan.Zero, null);

    /// <summary>Nobody to deliver to any more; no attempt was made.</summary>
    public sealed record Cancelled(long Id, string Channel, DateTimeOffset At, string Error) : Outcome(Id, Channel, At, TimeSpan.Zero, Error);
}

/// <summary>How full the outbox is, for /readyz and /metrics.</summary>
/// <param name="Pending">Rows waiting.</param>
/// <param name="Dead">Dead letters not yet re-sent.</param>
/// <param name="OldestPending">When the oldest waiting row was made.</param>
public sealed record OutboxStats(long Pending, long Dead, DateTimeOffset? OldestPending);
