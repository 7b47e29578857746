using Dapper;
using Pharos.Config;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Storage;

/// <summary>What only PostgreSQL has: several nodes migrating one database at once, and a server that is not there.</summary>
public sealed class PostgresStorageTests
{
    [SkippableFact]
    public async Task Five_nodes_migrating_one_empty_database_at_once_apply_each_migration_once()
    {
        var server = await PostgresServer.GetAsync();
        var connectionString = await server.CreateEmptyDatabaseAsync();
        var nodes = Enumerable.Range(0, 5).Select(_ => new PostgresDatabase(connectionString, poolSize: 2)).ToList();
        try
        {
            await Task.WhenAll(nodes.Select(n => Task.Run(() => n.MigrateAsync(CancellationToken.None)))).WaitAsync(TimeSpan.FromSeconds(60));
            await using var c = await nodes[0].OpenAsync(CancellationToken.None);
            var versions = (await c.QueryAsync<long>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
            versions.ShouldBe(SqliteMigrator.Migrations("Postgres").Select(m => m.Version).ToList());
            (await c.ExecuteScalarAsync<long>("SELECT count(*) FROM meta WHERE key = 'created_at'")).ShouldBe(1);
            (await c.ExecuteScalarAsync<long>("SELECT version FROM data_version WHERE id = 1")).ShouldBe(0);
        }
        finally
        {
            foreach (var n in nodes)
            {
                await n.DisposeAsync();
            }
        }
    }

    [Fact]
    public void Both_dialects_have_the_same_migrations()
    {
        SqliteMigrator.Migrations("Postgres").Select(m => m.Name).ShouldBe(SqliteMigrator.Migrations("Sqlite").Select(m => m.Name));
    }

    [SkippableFact]
    public async Task An_unreachable_server_stops_the_start_with_one_line_naming_it_and_not_the_password()
    {
        using var dir = new TempDir();
        var port = Pharos.Dns.Tests.Interop.ExternalTool.FreePort();
        var secret = dir.Write("pg.txt", $"Host=127.0.0.1;Port={port};Username=pharos;Password=hunter2-secret;Database=status;Timeout=3");
        var yaml = TestConfigs.Basic + $"\nstorage:\n  provider: postgres\n  connection_string_file: {secret}\n";
        var error = await Should.ThrowAsync<PharosStartupException>(() => TestApp.StartAsync(yaml));
        error.Message.ShouldContain($"127.0.0.1:{port}/status");
        error.Message.ShouldNotContain("hunter2");
        error.Message.ShouldNotContain(Environment.NewLine);
    }

    [SkippableFact]
    public async Task A_node_whose_server_goes_away_fails_its_writes_and_works_again_when_it_is_back()
    {
        var server = await PostgresServer.GetAsync();
        await using var db = new PostgresDatabase(await server.CreateDatabaseAsync());
        var store = new SqliteStatusStore(db);
        (await store.GetDataVersionAsync(CancellationToken.None)).ShouldBe(0);

        // Every connection of this database is cut, as a server restart or a failover of PostgreSQL would.
        await using (var c = await db.OpenAsync(CancellationToken.None))
        {
            var own = await c.ExecuteScalarAsync<string>("SELECT current_database()");
            await server.ExecuteAsync("postgres", $"ALTER DATABASE {own} ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{own}'");
            await Should.ThrowAsync<System.Data.Common.DbException>(() => store.SetMetaAsync("k", "v", CancellationToken.None));
            await server.ExecuteAsync("postgres", $"ALTER DATABASE {own} ALLOW_CONNECTIONS true");
        }

        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await store.SetMetaAsync("k", "v", CancellationToken.None);
                return true;
            }
            catch (System.Data.Common.DbException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(10), "writes working again");
        (await store.GetMetaAsync("k", CancellationToken.None)).ShouldBe("v");
    }
}
