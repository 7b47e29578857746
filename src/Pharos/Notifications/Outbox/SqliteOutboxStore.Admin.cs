using System.Text.Json;
using Dapper;
using Pharos.Audit;
using Pharos.Storage;

namespace Pharos.Notifications.Outbox;

/// <summary>What the admin and the health endpoints read of the outbox.</summary>
public sealed partial class SqliteOutboxStore
{
    public async Task<Notice?> GetNoticeAsync(long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var r = await c.QuerySingleOrDefaultAsync<NoticeRow>(new CommandDefinition("SELECT * FROM notices WHERE id = @id", new { id }, cancellationToken: ct)).ConfigureAwait(false);
        return r is null ? null : new Notice
        {
            Id = r.id,
            EventSequence = r.event_sequence ?? 0,
            Kind = r.kind,
            Severity = Severities.Parse(r.severity) ?? Severity.Info,
            SubjectType = r.subject_type,
            SubjectId = r.subject_id,
            Title = r.title,
            Text = r.text,
            Url = r.url,
            Data = r.data is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(r.data) ?? [],
            At = Rows.Time(r.at),
        };
    }

    public Task<IReadOnlyList<OutboxEntry>> ListAsync(string? status, int limit, CancellationToken ct) => ListAsync(status, limit, null, ct);

    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(string? status, int limit, long? beforeId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM outbox WHERE (@status IS NULL OR status = @status) AND (@beforeId IS NULL OR id < @beforeId) ORDER BY id DESC LIMIT @limit",
            new { status, limit, beforeId },
            cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(ToEntry).ToList();
    }

    public async Task<OutboxEntry?> GetAsync(long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM outbox WHERE id = @id", new { id }, cancellationToken: ct)).ConfigureAwait(false);
        return row is null ? null : ToEntry(row);
    }

    public async Task<IReadOnlyList<DeliveryAttempt>> GetAttemptsAsync(long messageId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<(long message_id, string channel, long at, long ok, string? error, long duration_ms)>(new CommandDefinition(
            "SELECT message_id, channel, at, ok, error, duration_ms FROM outbox_attempts WHERE message_id = @messageId ORDER BY id",
            new { messageId },
            cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new DeliveryAttempt(r.message_id, r.channel, Rows.Time(r.at), r.ok != 0, r.error, TimeSpan.FromMilliseconds(r.duration_ms))).ToList();
    }

    public Task<bool> ResendAsync(long id, DateTimeOffset now, CancellationToken ct) => ResendAsync(id, now, null, ct);

    public async Task<bool> ResendAsync(long id, DateTimeOffset now, AuditEntry? audit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM outbox WHERE id = @id AND status = 'dead'", new { id }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (row is null)
        {
            return false;
        }

        // Back through the whole chain: the channel it started on first, then every fallback again.
        var chain = Split(row.tried).Append(row.channel).Distinct(StringComparer.Ordinal).ToList();
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE outbox SET status = 'pending', channel = @first, fallbacks = @rest, tried = '', attempts = 0, next_at = @now, finished_at = NULL, lease_until = NULL WHERE id = @id",
            new { id, first = chain[0], rest = Join(chain.Skip(1)), now = Rows.Ms(now) },
            tx,
            cancellationToken: ct)).ConfigureAwait(false);
        if (audit is not null)
        {
            await SqliteAuditStore.InsertAsync(c, tx, audit, ct).ConfigureAwait(false);
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    public async Task<OutboxStats> StatsAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var r = await c.QuerySingleAsync<(long pending, long dead, long? oldest)>(new CommandDefinition(
            """
            SELECT (SELECT count(*) FROM outbox WHERE status = 'pending'),
                   (SELECT count(*) FROM outbox WHERE status = 'dead'),
                   (SELECT min(created_at) FROM outbox WHERE status = 'pending')
            """,
            cancellationToken: ct)).ConfigureAwait(false);
        return new OutboxStats(r.pending, r.dead, Rows.Time(r.oldest));
    }

    private sealed class NoticeRow
    {
        public long id { get; set; }
        public long? event_sequence { get; set; }
        public string kind { get; set; } = "";
        public string severity { get; set; } = "";
        public string subject_type { get; set; } = "";
        public string subject_id { get; set; } = "";
        public string title { get; set; } = "";
        public string text { get; set; } = "";
        public string? url { get; set; }
        public string? data { get; set; }
        public long at { get; set; }
    }
}
