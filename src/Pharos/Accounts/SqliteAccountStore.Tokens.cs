using Dapper;
using Pharos.Audit;
using Pharos.Storage;

namespace Pharos.Accounts;

/// <summary>Recovery codes, API tokens and settings.</summary>
public sealed partial class SqliteAccountStore
{
    private const string TokenColumns = "id, name, prefix, scopes, created_at, created_by, last_used_at, revoked_at";

    public async Task SetRecoveryCodesAsync(string userId, IReadOnlyList<string> codeHashes, AuditEntry audit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM recovery_codes WHERE user_id = @userId", new { userId }, tx, cancellationToken: ct)).ConfigureAwait(false);
        foreach (var hash in codeHashes)
        {
            await c.ExecuteAsync(new CommandDefinition("INSERT INTO recovery_codes (user_id, code_hash) VALUES (@userId, @hash)", new { userId, hash }, tx, cancellationToken: ct)).ConfigureAwait(false);
        }

        await SqliteAuditStore.InsertAsync(c, tx, audit, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    public async Task<bool> UseRecoveryCodeAsync(string userId, string codeHash, DateTimeOffset at, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var n = await c.ExecuteAsync(new CommandDefinition(
            "UPDATE recovery_codes SET used_at = @at WHERE user_id = @userId AND code_hash = @codeHash AND used_at IS NULL",
            new { userId, codeHash, at = Rows.Ms(at) }, cancellationToken: ct)).ConfigureAwait(false);
        return n == 1;
    }

    public async Task<int> CountUnusedRecoveryCodesAsync(string userId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM recovery_codes WHERE user_id = @userId AND used_at IS NULL", new { userId }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task AddTokenAsync(ApiToken token, string tokenHash, AuditEntry audit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO api_tokens (id, name, prefix, token_hash, scopes, created_at, created_by) VALUES (@Id, @Name, @Prefix, @tokenHash, @scopes, @created, @CreatedBy)",
            new { token.Id, token.Name, token.Prefix, tokenHash, scopes = string.Join(' ', token.Scopes), created = Rows.Ms(token.CreatedAt), token.CreatedBy },
            tx, cancellationToken: ct)).ConfigureAwait(false);
        await SqliteAuditStore.InsertAsync(c, tx, audit, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    public async Task<ApiToken?> FindTokenByHashAsync(string tokenHash, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await c.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(
            $"SELECT {TokenColumns} FROM api_tokens WHERE token_hash = @tokenHash AND revoked_at IS NULL", new { tokenHash }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToDomain();
    }

    public async Task<IReadOnlyList<ApiToken>> ListTokensAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<TokenRow>(new CommandDefinition($"SELECT {TokenColumns} FROM api_tokens ORDER BY created_at DESC", cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToDomain()).ToList();
    }

    public async Task<bool> RevokeTokenAsync(string id, DateTimeOffset at, Func<ApiToken, AuditEntry> audit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        var row = await c.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(
            $"SELECT {TokenColumns} FROM api_tokens WHERE id = @id AND revoked_at IS NULL", new { id }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (row is null)
        {
            return false;
        }

        await c.ExecuteAsync(new CommandDefinition("UPDATE api_tokens SET revoked_at = @at WHERE id = @id", new { id, at = Rows.Ms(at) }, tx, cancellationToken: ct)).ConfigureAwait(false);
        await SqliteAuditStore.InsertAsync(c, tx, audit(row.ToDomain()), ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    public async Task TouchTokenAsync(string id, DateTimeOffset at, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition("UPDATE api_tokens SET last_used_at = @at WHERE id = @id", new { id, at = Rows.Ms(at) }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<string?> GetSettingAsync(string key, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT value FROM meta WHERE key = @key", new { key = "setting:" + key }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task SetSettingAsync(string key, string value, AuditEntry audit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO meta (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value", new { key = "setting:" + key, value }, tx, cancellationToken: ct)).ConfigureAwait(false);
        await SqliteAuditStore.InsertAsync(c, tx, audit, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }
}
