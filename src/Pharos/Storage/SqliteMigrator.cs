using Dapper;

namespace Pharos.Storage;

/// <summary>Applies the numbered SQL files embedded under Storage/Migrations/Sqlite, each in its own transaction.</summary>
internal static class SqliteMigrator
{
    public static async Task MigrateAsync(SqliteDatabase db, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(db.Path)!);
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        // WAL lets readers (the page, other processes) proceed while one writer commits.
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;").ConfigureAwait(false);
        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)").ConfigureAwait(false);
        var applied = (await connection.QueryAsync<long>("SELECT version FROM schema_migrations").ConfigureAwait(false)).ToHashSet();
        foreach (var (version, name, sql) in Migrations("Sqlite"))
        {
            if (applied.Contains(version))
            {
                continue;
            }

            await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await connection.ExecuteAsync(sql, transaction: tx).ConfigureAwait(false);
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @now)",
                new { version, name, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() },
                tx).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }

        await connection.ExecuteAsync(
            "INSERT INTO meta (key, value) VALUES ('created_at', @now) ON CONFLICT (key) DO NOTHING",
            new { now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) }).ConfigureAwait(false);
    }

    /// <summary>The embedded migrations of a dialect in version order; names look like 0001_initial.sql.</summary>
    public static IEnumerable<(long Version, string Name, string Sql)> Migrations(string dialect)
    {
        var assembly = typeof(SqliteMigrator).Assembly;
        var prefix = $"Pharos.Storage.Migrations.{dialect}.";
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = resource[prefix.Length..];
            var version = long.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return (version, name, reader.ReadToEnd());
        }
    }
}
