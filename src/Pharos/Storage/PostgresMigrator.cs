using Dapper;

namespace Pharos.Storage;

/// <summary>
/// Applies the numbered SQL files embedded under Storage/Migrations/Postgres. All of them run in one transaction that
/// first takes an advisory lock, so nodes starting together migrate once: the others wait, then find nothing to do.
/// </summary>
internal static class PostgresMigrator
{
    private const long MigrationLockKey = PostgresDatabase.WriteLockKey + 1;

    public static async Task MigrateAsync(PostgresDatabase db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition($"SELECT pg_advisory_xact_lock({MigrationLockKey})", transaction: tx, cancellationToken: ct)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
            transaction: tx, cancellationToken: ct)).ConfigureAwait(false);
        var applied = (await connection.QueryAsync<long>(new CommandDefinition("SELECT version FROM schema_migrations", transaction: tx, cancellationToken: ct)).ConfigureAwait(false)).ToHashSet();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var (version, name, sql) in SqliteMigrator.Migrations("Postgres"))
        {
            if (applied.Contains(version))
            {
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(sql, transaction: tx, cancellationToken: ct)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @now)", new { version, name, now }, tx, cancellationToken: ct)).ConfigureAwait(false);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO meta (key, value) VALUES ('created_at', @now) ON CONFLICT (key) DO NOTHING",
            new { now = now.ToString(System.Globalization.CultureInfo.InvariantCulture) }, tx, cancellationToken: ct)).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }
}
