using Pharos.Domain;
using Pharos.Storage;
using Pharos.SystemTests.Support;

namespace Pharos.SystemTests.Storage;

/// <summary>`pharos serve` processes on one PostgreSQL: they start together, migrate once, and serve what any of them wrote.</summary>
public sealed class PostgresNodesTests
{
    [SkippableFact]
    public async Task Two_nodes_started_together_on_an_empty_database_both_serve_an_incident_written_elsewhere()
    {
        using var dir = new TempDir();
        // A database without any table: the two nodes race to migrate it.
        var connection = dir.Write("postgres-connection.txt", await (await PostgresServer.GetAsync()).CreateEmptyDatabaseAsync());
        var config = dir.Write("pharos.yaml", TestConfigs.Basic + $"\nstorage:\n  provider: postgres\n  connection_string_file: {connection}\n");
        var ports = new[] { PharosProcess.FreePort(), PharosProcess.FreePort() };
        var nodes = ports.Select((port, i) => PharosProcess.Start(
            "serve", "--config", config, "--data", Path.Combine(dir.Path, $"node{i}"), "--urls", $"http://127.0.0.1:{port}")).ToList();
        try
        {
            await Task.WhenAll(nodes.Select((n, i) => n.WaitUntilServingAsync(new Uri($"http://127.0.0.1:{ports[i]}/"), TimeSpan.FromSeconds(60))));
            foreach (var n in nodes)
            {
                n.Output.ShouldContain("Storage: PostgreSQL at 127.0.0.1:");
                n.Output.ShouldNotContain("Password", Case.Insensitive);
            }

            // A third process (the CLI, another node) writes; both nodes notice through data_version.
            await using var other = new PostgresDatabase(await File.ReadAllTextAsync(connection));
            await using (var c = await other.OpenAsync(CancellationToken.None))
            {
                await using var count = c.CreateCommand();
                count.CommandText = "SELECT count(*) FROM schema_migrations";
                ((long)(await count.ExecuteScalarAsync())!).ShouldBe(SqliteMigrator.Migrations("Postgres").Count(), "each migration applied once");
            }

            await new SqliteStatusStore(other).SeedIncidentAsync(Samples.Incident("pgnode000001", DateTimeOffset.UtcNow, name: "Written by another node",
                components: new AffectedComponent("app", ComponentStatus.MajorOutage)), CancellationToken.None);
            using var http = new HttpClient();
            foreach (var port in ports)
            {
                await Eventually.TrueAsync(
                    async () => (await http.GetStringAsync($"http://127.0.0.1:{port}/api/v2/incidents/unresolved.json")).Contains("Written by another node", StringComparison.Ordinal),
                    TimeSpan.FromSeconds(15), $"the node on port {port} serving the incident");
            }
        }
        finally
        {
            foreach (var n in nodes)
            {
                await n.DisposeAsync();
            }
        }
    }
}
