using System.Data.Common;
using System.Text.Json;
using Dapper;
using Pharos.Storage;

namespace Pharos.Notifications.Outbox;

/// <summary>The outbox, on SQLite or PostgreSQL. Rows are small; what a message says lives once in `notices`.</summary>
public sealed partial class SqliteOutboxStore(Database db) : IOutboxStore
{
    private const string Columns = "id, idempotency_key, notice_id, route, channel, fallbacks, tried, recipient, ordering_key, attempts, status, created_at, next_at, finished_at, last_error";

    public async Task<long> AddNoticeAsync(DbConnection c, DbTransaction tx, Notice n, CancellationToken ct) =>
        await c.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO notices (event_sequence, kind, severity, subject_type, subject_id, title, text, url, data, at)
            VALUES (@EventSequence, @Kind, @severity, @SubjectType, @SubjectId, @Title, @Text, @Url, @data, @at)
            RETURNING id
            """,
            new { n.EventSequence, n.Kind, severity = n.Severity.Name(), n.SubjectType, n.SubjectId, n.Title, n.Text, n.Url, data = n.Data.Count == 0 ? null : JsonSerializer.Serialize(n.Data), at = Rows.Ms(n.At) },
            tx,
            cancellationToken: ct)).ConfigureAwait(false);

    public async Task EnqueueAsync(DbConnection c, DbTransaction tx, IEnumerable<NewDelivery> deliveries, CancellationToken ct)
    {
        foreach (var d in deliveries)
        {
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO outbox (idempotency_key, notice_id, route, channel, fallbacks, recipient, ordering_key, next_at, created_at)
                VALUES (@IdempotencyKey, @NoticeId, @Route, @Channel, @fallbacks, @Recipient, @OrderingKey, @next, @next)
                ON CONFLICT (idempotency_key) DO NOTHING
                """,
                new { d.IdempotencyKey, d.NoticeId, d.Route, d.Channel, fallbacks = Join(d.Fallbacks), d.Recipient, d.OrderingKey, next = Rows.Ms(d.NextAt) },
                tx,
                cancellationToken: ct)).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<OutboxEntry>> ClaimAsync(DateTimeOffset now, int limit, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        // Only the head of each (channel, ordering key) queue is eligible, so a retrying message holds back the ones
        // behind it: updates of one incident arrive in order, whatever fails in between. On PostgreSQL, relays on
        // several nodes claim at once: SKIP LOCKED passes over rows another relay is claiming, and the lease test in
        // the outer WHERE is checked again on the row as it is after that relay's commit, so no row is claimed twice.
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            $"""
            UPDATE outbox SET lease_until = @lease
            WHERE id IN (
                SELECT o.id FROM outbox o
                WHERE o.status = 'pending' AND o.next_at <= @now AND (o.lease_until IS NULL OR o.lease_until < @now)
                  AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.status = 'pending' AND p.channel = o.channel
                                  AND p.ordering_key = o.ordering_key AND p.id < o.id)
                ORDER BY o.next_at, o.id
                LIMIT @limit{db.SkipLocked})
              AND (lease_until IS NULL OR lease_until < @now)
            RETURNING {Columns}
            """,
            new { now = Rows.Ms(now), lease = Rows.Ms(leaseUntil), limit },
            tx,
            cancellationToken: ct)).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return rows.Select(ToEntry).OrderBy(e => e.Id).ToList();
    }

    public async Task<IReadOnlyList<OutboxEntry>> ClaimFollowersAsync(OutboxEntry head, DateTimeOffset now, int limit, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            $"""
            UPDATE outbox SET lease_until = @lease
            WHERE id IN (
                SELECT id FROM outbox
                WHERE status = 'pending' AND channel = @Channel AND ordering_key = @OrderingKey AND id > @Id
                  AND (lease_until IS NULL OR lease_until < @now)
                ORDER BY id LIMIT @limit{db.SkipLocked})
              AND (lease_until IS NULL OR lease_until < @now)
            RETURNING {Columns}
            """,
            new { head.Channel, head.OrderingKey, head.Id, now = Rows.Ms(now), lease = Rows.Ms(leaseUntil), limit },
            cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(ToEntry).OrderBy(e => e.Id).ToList();
    }

    public async Task RecordAsync(IReadOnlyList<Outcome> outcomes, CancellationToken ct)
    {
        if (outcomes.Count == 0)
        {
            return;
        }

        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        foreach (var o in outcomes)
        {
            if (o is not (Outcome.Cancelled or Outcome.Released))
            {
                await c.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO outbox_attempts (message_id, channel, at, ok, error, duration_ms) VALUES (@Id, @Channel, @at, @ok, @Error, @ms)",
                    new { o.Id, o.Channel, at = Rows.Ms(o.At), ok = o is Outcome.Sent ? 1 : 0, o.Error, ms = (long)o.Duration.TotalMilliseconds },
                    tx,
                    cancellationToken: ct)).ConfigureAwait(false);
            }

            await ApplyAsync(c, tx, o, ct).ConfigureAwait(false);
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    private static async Task ApplyAsync(DbConnection c, DbTransaction tx, Outcome o, CancellationToken ct)
    {
        var at = Rows.Ms(o.At);
        switch (o)
        {
            case Outcome.Sent s:
                await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE outbox SET status = 'sent', attempts = attempts + 1, finished_at = @at, lease_until = NULL, last_error = NULL WHERE id = @Id",
                    new { s.Id, at }, tx, cancellationToken: ct)).ConfigureAwait(false);
                foreach (var m in s.Members)
                {
                    await c.ExecuteAsync(new CommandDefinition(
                        "UPDATE outbox SET status = 'sent', finished_at = @at, lease_until = NULL, grouped_into = @head WHERE id = @m",
                        new { m, at, head = s.Id }, tx, cancellationToken: ct)).ConfigureAwait(false);
                }

                break;
            case Outcome.RetryAt r:
                await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE outbox SET attempts = attempts + 1, next_at = @next, lease_until = NULL, last_error = @Error WHERE id = @Id",
                    new { r.Id, r.Error, next = Rows.Ms(r.Next) }, tx, cancellationToken: ct)).ConfigureAwait(false);
                break;
            case Outcome.MovedTo m:
                await c.ExecuteAsync(new CommandDefinition(
                    """
                    UPDATE outbox SET channel = @NewChannel, fallbacks = @rest, attempts = 0, next_at = @at, lease_until = NULL, last_error = @Error,
                        tried = CASE WHEN tried = '' THEN @Channel ELSE tried || ',' || @Channel END
                    WHERE id = @Id
                    """,
                    new { m.Id, m.NewChannel, rest = Join(m.Remaining), at, m.Error, m.Channel }, tx, cancellationToken: ct)).ConfigureAwait(false);
                break;
            case Outcome.Dead d:
                await c.ExecuteAsync(new CommandDefinition(
                    """
                    UPDATE outbox SET status = 'dead', attempts = attempts + 1, finished_at = @at, lease_until = NULL, last_error = @Error,
                        tried = CASE WHEN tried = '' THEN @Channel ELSE tried || ',' || @Channel END
                    WHERE id = @Id
                    """,
                    new { d.Id, at, d.Error, d.Channel }, tx, cancellationToken: ct)).ConfigureAwait(false);
                if (d.Undeliverable is { } e)
                {
                    // In the same transaction as the dead letter: the alert about it cannot be lost either.
                    await DomainEventRows.InsertAsync(c, tx, e, ct).ConfigureAwait(false);
                }

                break;
            case Outcome.Released x:
                await c.ExecuteAsync(new CommandDefinition("UPDATE outbox SET lease_until = NULL WHERE id = @Id", new { x.Id }, tx, cancellationToken: ct)).ConfigureAwait(false);
                break;
            case Outcome.Cancelled x:
                await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE outbox SET status = 'cancelled', finished_at = @at, lease_until = NULL, last_error = @Error WHERE id = @Id",
                    new { x.Id, at, x.Error }, tx, cancellationToken: ct)).ConfigureAwait(false);
                break;
        }
    }

    public async Task ReleaseLeasesAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition("UPDATE outbox SET lease_until = NULL WHERE status = 'pending' AND lease_until IS NOT NULL", cancellationToken: ct)).ConfigureAwait(false);
    }

    internal static string Join(IEnumerable<string> ids) => string.Join(',', ids);

    internal static IReadOnlyList<string> Split(string? text) =>
        string.IsNullOrEmpty(text) ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static OutboxEntry ToEntry(Row r) => new()
    {
        Id = r.id,
        IdempotencyKey = r.idempotency_key,
        NoticeId = r.notice_id,
        Route = r.route,
        Channel = r.channel,
        Fallbacks = Split(r.fallbacks),
        Tried = Split(r.tried),
        Recipient = r.recipient,
        OrderingKey = r.ordering_key,
        Attempts = (int)r.attempts,
        Status = r.status,
        CreatedAt = Rows.Time(r.created_at),
        NextAt = Rows.Time(r.next_at),
        FinishedAt = Rows.Time(r.finished_at),
        LastError = r.last_error,
    };

    private sealed class Row
    {
        public long id { get; set; }
        public string idempotency_key { get; set; } = "";
        public long notice_id { get; set; }
        public string? route { get; set; }
        public string channel { get; set; } = "";
        public string fallbacks { get; set; } = "";
        public string tried { get; set; } = "";
        public string? recipient { get; set; }
        public string ordering_key { get; set; } = "";
        public long attempts { get; set; }
        public string status { get; set; } = "";
        public long created_at { get; set; }
        public long next_at { get; set; }
        public long? finished_at { get; set; }
        public string? last_error { get; set; }
    }
}
