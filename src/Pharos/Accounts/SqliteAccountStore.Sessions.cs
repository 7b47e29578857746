using Dapper;
using Pharos.Audit;
using Pharos.Storage;

namespace Pharos.Accounts;

/// <summary>Server-side sessions: what makes sign-out and the absolute lifetime real.</summary>
public sealed partial class SqliteAccountStore
{
    public async Task AddSessionAsync(AdminSession session, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        // Ended sessions are swept here, at each sign-in, rather than by a timer of their own.
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM sessions WHERE expires_at <= @now", new { now = Rows.Ms(now) }, tx, cancellationToken: ct)).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO sessions (id_hash, user_id, created_at, expires_at, address) VALUES (@IdHash, @UserId, @created, @expires, @Address)",
            new { session.IdHash, session.UserId, created = Rows.Ms(session.CreatedAt), expires = Rows.Ms(session.ExpiresAt), session.Address }, tx, cancellationToken: ct)).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    public async Task<AdminSession?> FindSessionAsync(string idHash, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await c.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition(
            "SELECT id_hash, user_id, created_at, expires_at, address FROM sessions WHERE id_hash = @idHash", new { idHash }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToDomain();
    }

    public async Task<bool> RemoveSessionAsync(string idHash, AuditEntry audit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        var n = await c.ExecuteAsync(new CommandDefinition("DELETE FROM sessions WHERE id_hash = @idHash", new { idHash }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (n > 0)
        {
            await SqliteAuditStore.InsertAsync(c, tx, audit, ct).ConfigureAwait(false);
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
        return n > 0;
    }
}
