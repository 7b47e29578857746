using Dapper;
using Pharos.Storage;

namespace Pharos.Failover.Commands;

/// <summary>The SQLite implementation of <see cref="IFailoverCommandQueue"/> (table failover_commands).</summary>
public sealed class SqliteFailoverCommandQueue(Database db) : IFailoverCommandQueue
{
    private const string Columns = "id, policy_id, command, actor, reason, created_at, expires_at, claimed_at, done_at, outcome, result, forced, planned";

    public async Task<long> EnqueueAsync(string policyId, FailoverCommandKind kind, string actor, string reason, DateTimeOffset createdAt, DateTimeOffset expiresAt, CancellationToken ct, bool force = false, bool planned = false)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO failover_commands (policy_id, command, actor, reason, created_at, expires_at, forced, planned) VALUES (@policyId, @command, @actor, @reason, @created, @expires, @forced, @planned) RETURNING id",
            new { policyId, command = kind.Name(), actor, reason, created = createdAt.ToUnixTimeMilliseconds(), expires = expiresAt.ToUnixTimeMilliseconds(), forced = force ? 1 : 0, planned = planned ? 1 : 0 },
            cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<QueuedCommand>> PendingAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM failover_commands WHERE done_at IS NULL AND claimed_at IS NULL ORDER BY id", cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToCommand()).ToList();
    }

    public async Task<CommandClaim> ClaimAsync(long id, DateTimeOffset now, CancellationToken ct)
    {
        // One statement decides: a command is claimed or expired exactly once, even with two nodes or a restart.
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var outcome = await c.ExecuteScalarAsync<string?>(new CommandDefinition(
            """
            UPDATE failover_commands
            SET claimed_at = CASE WHEN expires_at > @now THEN @now END,
                done_at = CASE WHEN expires_at > @now THEN NULL ELSE @now END,
                outcome = CASE WHEN expires_at > @now THEN NULL ELSE 'expired' END
            WHERE id = @id AND claimed_at IS NULL AND done_at IS NULL
            RETURNING coalesce(outcome, 'claimed')
            """,
            new { id, now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false);
        return outcome switch
        {
            "claimed" => CommandClaim.Claimed,
            "expired" => CommandClaim.Expired,
            _ => CommandClaim.AlreadyTaken,
        };
    }

    public async Task CompleteAsync(long id, QueuedCommandOutcome outcome, string result, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE failover_commands SET done_at = @now, outcome = @outcome, result = @result WHERE id = @id AND done_at IS NULL",
            new { id, outcome = Word(outcome), result, now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<QueuedCommand?> GetAsync(long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM failover_commands WHERE id = @id", new { id }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToCommand();
    }

    public async Task<IReadOnlyList<QueuedCommand>> RecentAsync(string policyId, int limit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM failover_commands WHERE policy_id = @policyId ORDER BY id DESC LIMIT @limit", new { policyId, limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToCommand()).ToList();
    }

    private static string Word(QueuedCommandOutcome outcome) => outcome switch
    {
        QueuedCommandOutcome.Done => "done",
        QueuedCommandOutcome.Failed => "failed",
        QueuedCommandOutcome.Expired => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    private static QueuedCommandOutcome? Outcome(string? word) => word switch
    {
        "done" => QueuedCommandOutcome.Done,
        "failed" => QueuedCommandOutcome.Failed,
        "expired" => QueuedCommandOutcome.Expired,
        _ => null,
    };

    private static DateTimeOffset? Time(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;

    private sealed class Row
    {
        public long id { get; set; }
        public string policy_id { get; set; } = "";
        public string command { get; set; } = "";
        public string actor { get; set; } = "";
        public string reason { get; set; } = "";
        public long created_at { get; set; }
        public long expires_at { get; set; }
        public long? claimed_at { get; set; }
        public long? done_at { get; set; }
        public string? outcome { get; set; }
        public string? result { get; set; }

        public long forced { get; set; }

        public long planned { get; set; }

        public QueuedCommand ToCommand() => new()
        {
            Id = id,
            PolicyId = policy_id,
            Command = command,
            Actor = actor,
            Reason = reason,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(created_at),
            ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(expires_at),
            ClaimedAt = Time(claimed_at),
            DoneAt = Time(done_at),
            Outcome = Outcome(outcome),
            Result = result,
            Force = forced != 0,
            Planned = planned != 0,
        };
    }
}
