using Dapper;

namespace Pharos.Storage;

/// <summary>The SQLite implementation of <see cref="IAdminStore"/>.</summary>
public sealed class SqliteAdminStore(Database db) : IAdminStore
{
    /// <summary>Keys are kept a day: long enough for any client's retries, short enough to keep the table small.</summary>
    private static readonly TimeSpan IdempotencyLifetime = TimeSpan.FromHours(24);

    public async Task<IReadOnlyList<(string Id, string Name, string Status, DateTimeOffset StartedAt)>> ListIncidentsAsync(int limit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<(string, string, string, long)>(new CommandDefinition(
            "SELECT id, name, status, started_at FROM incidents ORDER BY started_at DESC LIMIT @limit", new { limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => (r.Item1, r.Item2, r.Item3, Rows.Time(r.Item4))).ToList();
    }

    public async Task<IdempotencyRecord?> BeginIdempotentAsync(string owner, string key, string requestHash, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        // The write lock: two nodes given the same key at once must not both find it free.
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM idempotency_keys WHERE created_at < @cutoff", new { cutoff = Rows.Ms(now - IdempotencyLifetime) }, tx, cancellationToken: ct)).ConfigureAwait(false);
        var existing = await c.QuerySingleOrDefaultAsync<(string, long?, string?, byte[]?)?>(new CommandDefinition(
            "SELECT request_hash, status_code, content_type, response_body FROM idempotency_keys WHERE owner = @owner AND key = @key",
            new { owner, key }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (existing is { } e)
        {
            return new IdempotencyRecord(e.Item1, (int?)e.Item2, e.Item3, e.Item4);
        }

        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO idempotency_keys (owner, key, request_hash, created_at) VALUES (@owner, @key, @requestHash, @now)",
            new { owner, key, requestHash, now = Rows.Ms(now) }, tx, cancellationToken: ct)).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return null;
    }

    public async Task CompleteIdempotentAsync(string owner, string key, int statusCode, string contentType, byte[] body, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE idempotency_keys SET status_code = @statusCode, content_type = @contentType, response_body = @body WHERE owner = @owner AND key = @key",
            new { owner, key, statusCode, contentType, body }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task ReleaseIdempotentAsync(string owner, string key, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM idempotency_keys WHERE owner = @owner AND key = @key AND status_code IS NULL", new { owner, key }, cancellationToken: ct)).ConfigureAwait(false);
    }
}
