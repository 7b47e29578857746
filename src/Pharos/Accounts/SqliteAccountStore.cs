using Dapper;
using Pharos.Audit;
using Pharos.Storage;

namespace Pharos.Accounts;

/// <summary>The implementation (both dialects) of <see cref="IAccountStore"/>: users here; sessions, codes and tokens beside.</summary>
public sealed partial class SqliteAccountStore(Database db) : IAccountStore
{
    private const string UserColumns = UserRow.Columns;

    public async Task<User?> FindUserByNameAsync(string name, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await FindAsync(c, null, "name = @name", new { name }, ct).ConfigureAwait(false);
    }

    public async Task<User?> GetUserAsync(string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await FindAsync(c, null, "id = @id", new { id }, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<User>> ListUsersAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<UserRow>(new CommandDefinition($"SELECT {UserColumns} FROM users ORDER BY name", cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToDomain()).ToList();
    }

    public async Task<bool> AddUserAsync(User user, AuditEntry audit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        try
        {
            await c.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO users ({UserColumns}) VALUES (@Id, @Name, @role, @PasswordHash, @created, @updated, @TotpSecret, @TotpLastStep, @FailedCount, @lastFailed, @disabled, @SecurityStamp)",
                UserRow.Params(user), tx, cancellationToken: ct)).ConfigureAwait(false);
        }
        catch (Exception e) when (db.IsUniqueViolation(e))
        {
            // The name is taken (compared without case in both dialects).
            return false;
        }

        await SqliteAuditStore.InsertAsync(c, tx, audit, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    public async Task<(UserChangeOutcome Outcome, User? After)> UpdateUserAsync(string id, UserUpdate update, Func<User, User, AuditEntry> audit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        // One writer at a time (BEGIN IMMEDIATE; PostgreSQL's write lock): the last-admin check and the write see the same data.
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        var before = await FindAsync(c, tx, "id = @id", new { id }, ct).ConfigureAwait(false);
        if (before is null)
        {
            return (UserChangeOutcome.NotFound, null);
        }

        var after = update.ApplyTo(before);
        if (IsActiveAdmin(before) && !IsActiveAdmin(after) && await OtherActiveAdminsAsync(c, tx, id, ct).ConfigureAwait(false) == 0)
        {
            return (UserChangeOutcome.LastAdmin, before);
        }

        var sets = new List<string> { "security_stamp = @stamp", "updated_at = @at" };
        var p = new DynamicParameters(new { id, stamp = update.NewStamp, at = Rows.Ms(update.At) });
        if (update.Role is { } role)
        {
            sets.Add("role = @role");
            p.Add("role", Roles.Of(role));
        }

        if (update.PasswordHash is { } hash)
        {
            sets.Add("password_hash = @hash");
            p.Add("hash", hash);
        }

        if (update.Disabled is { } disabled)
        {
            // Enabling also forgets failed sign-ins, so the person starts without delays.
            sets.Add(disabled ? "disabled_at = COALESCE(disabled_at, @at)" : "disabled_at = NULL, failed_count = 0");
        }

        if (update.Totp is { } totp)
        {
            sets.Add("totp_secret = @secret, totp_last_step = CASE WHEN totp_last_step > @step THEN totp_last_step ELSE @step END");
            p.Add("secret", totp.Secret);
            p.Add("step", totp.Step);
        }
        else if (update.ClearTotp)
        {
            sets.Add("totp_secret = NULL");
        }

        await c.ExecuteAsync(new CommandDefinition($"UPDATE users SET {string.Join(", ", sets)} WHERE id = @id", p, tx, cancellationToken: ct)).ConfigureAwait(false);
        // A new stamp ends every session; deleting their rows says so at once and keeps the table small.
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM sessions WHERE user_id = @id", new { id }, tx, cancellationToken: ct)).ConfigureAwait(false);
        after = (await FindAsync(c, tx, "id = @id", new { id }, ct).ConfigureAwait(false))!;
        await SqliteAuditStore.InsertAsync(c, tx, audit(before, after), ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return (UserChangeOutcome.Done, after);
    }

    public async Task<(UserChangeOutcome Outcome, User? Removed)> RemoveUserAsync(string id, Func<User, AuditEntry> audit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        var user = await FindAsync(c, tx, "id = @id", new { id }, ct).ConfigureAwait(false);
        if (user is null)
        {
            return (UserChangeOutcome.NotFound, null);
        }

        if (IsActiveAdmin(user) && await OtherActiveAdminsAsync(c, tx, id, ct).ConfigureAwait(false) == 0)
        {
            return (UserChangeOutcome.LastAdmin, user);
        }

        // Sessions and recovery codes go with the user (ON DELETE CASCADE; foreign keys are on for every connection).
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM users WHERE id = @id", new { id }, tx, cancellationToken: ct)).ConfigureAwait(false);
        await SqliteAuditStore.InsertAsync(c, tx, audit(user), ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return (UserChangeOutcome.Done, user);
    }

    public async Task<int> RecordFailedSignInAsync(string userId, DateTimeOffset at, TimeSpan memory, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        // Read, add and write in one statement: ten parallel failures count ten, not one.
        return await c.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            UPDATE users SET failed_count = CASE WHEN last_failed_at <= @forgetBefore THEN 1 ELSE failed_count + 1 END, last_failed_at = @at
            WHERE id = @userId
            RETURNING failed_count
            """,
            new { userId, at = Rows.Ms(at), forgetBefore = Rows.Ms(at - memory) }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task ResetFailedSignInsAsync(string userId, AuditEntry? audit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition("UPDATE users SET failed_count = 0 WHERE id = @userId AND failed_count <> 0", new { userId }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (audit is not null)
        {
            await SqliteAuditStore.InsertAsync(c, tx, audit, ct).ConfigureAwait(false);
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    public async Task ReplacePasswordHashAsync(string userId, string expectedHash, string newHash, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET password_hash = @newHash WHERE id = @userId AND password_hash = @expectedHash", new { userId, expectedHash, newHash }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<bool> ClaimTotpStepAsync(string userId, long step, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        // One conditional UPDATE: two requests racing with the same code cannot both succeed.
        var n = await c.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET totp_last_step = @step WHERE id = @userId AND totp_last_step < @step", new { userId, step }, cancellationToken: ct)).ConfigureAwait(false);
        return n == 1;
    }

    private static bool IsActiveAdmin(User u) => u.Role == UserRole.Admin && !u.Disabled;

    private static Task<int> OtherActiveAdminsAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx, string id, CancellationToken ct) =>
        c.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id <> @id", new { id }, tx, cancellationToken: ct));

    private static async Task<User?> FindAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx, string where, object args, CancellationToken ct)
    {
        var row = await c.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition($"SELECT {UserColumns} FROM users WHERE {where}", args, tx, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToDomain();
    }
}
