namespace Pharos.Failover.Commands;

/// <summary>
/// Commands other processes (the CLI) leave in the shared database for the node that runs the controller. Each is
/// claimed before it runs, so it runs at most once whatever fails afterwards, and expires if nobody takes it in time.
/// </summary>
public interface IFailoverCommandQueue
{
    /// <summary>Queues a command; returns its id.</summary>
    Task<long> EnqueueAsync(string policyId, FailoverCommandKind kind, string actor, string reason, DateTimeOffset createdAt, DateTimeOffset expiresAt, CancellationToken ct, bool force = false, bool planned = false);

    /// <summary>Commands neither claimed nor finished, oldest first (expired ones included: claiming marks them).</summary>
    Task<IReadOnlyList<QueuedCommand>> PendingAsync(CancellationToken ct);

    /// <summary>Takes the command for this node, or marks it expired when <paramref name="now"/> is past its expiry, in one statement.</summary>
    Task<CommandClaim> ClaimAsync(long id, DateTimeOffset now, CancellationToken ct);

    /// <summary>Records how a claimed command ended.</summary>
    Task CompleteAsync(long id, QueuedCommandOutcome outcome, string result, DateTimeOffset now, CancellationToken ct);

    Task<QueuedCommand?> GetAsync(long id, CancellationToken ct);

    /// <summary>The policy's newest commands first, for `failover status` and the admin.</summary>
    Task<IReadOnlyList<QueuedCommand>> RecentAsync(string policyId, int limit, CancellationToken ct);
}

/// <summary>What claiming a queued command found.</summary>
public enum CommandClaim
{
    /// <summary>This node has it now and must run it; nobody else will.</summary>
    Claimed,

    /// <summary>It was past its expiry; it is now marked expired and will never run.</summary>
    Expired,

    /// <summary>Another node or an earlier loop claimed or finished it already.</summary>
    AlreadyTaken,
}

/// <summary>How a queued command ended.</summary>
public enum QueuedCommandOutcome
{
    Done,
    Failed,
    Expired,
}

/// <summary>Where a queued command stands, as people are shown it.</summary>
public enum QueuedCommandStatus
{
    /// <summary>Queued and still within its expiry: a running controller will take it.</summary>
    Waiting,

    /// <summary>Claimed by a controller, with no outcome recorded (yet: or the node stopped while running it).</summary>
    Taken,

    Done,
    Failed,

    /// <summary>Not taken before its expiry: it never ran and never will.</summary>
    Expired,
}

/// <summary>A command as the queue holds it.</summary>
public sealed record QueuedCommand
{
    public required long Id { get; init; }

    public required string PolicyId { get; init; }

    /// <summary>The command's name as written (to-failover, to-primary, pin, resume).</summary>
    public required string Command { get; init; }

    /// <summary>Who queued it, as "cli:user".</summary>
    public required string Actor { get; init; }

    public required string Reason { get; init; }

    /// <summary>A move to a standby that is not ready, asked for anyway.</summary>
    public bool Force { get; init; }

    /// <summary>Shown on the status page as maintenance, not as an outage (to-failover only).</summary>
    public bool Planned { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>After this it is never run: a days-old instruction must not move traffic at the next start.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? ClaimedAt { get; init; }

    public DateTimeOffset? DoneAt { get; init; }

    public QueuedCommandOutcome? Outcome { get; init; }

    /// <summary>The result's message for people, once there is an outcome.</summary>
    public string? Result { get; init; }

    /// <summary>Where it stands at <paramref name="now"/>: a command past its expiry shows as expired even before a controller marks it.</summary>
    public QueuedCommandStatus StatusAt(DateTimeOffset now) => Outcome switch
    {
        QueuedCommandOutcome.Done => QueuedCommandStatus.Done,
        QueuedCommandOutcome.Failed => QueuedCommandStatus.Failed,
        QueuedCommandOutcome.Expired => QueuedCommandStatus.Expired,
        _ when ClaimedAt is not null => QueuedCommandStatus.Taken,
        _ when now >= ExpiresAt => QueuedCommandStatus.Expired,
        _ => QueuedCommandStatus.Waiting,
    };
}
