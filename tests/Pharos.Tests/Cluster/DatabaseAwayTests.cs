using System.Net;
using Npgsql;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Cluster;

/// <summary>A web node keeps serving its last snapshot while PostgreSQL refuses it, says so on /readyz, and catches up after.</summary>
public sealed class DatabaseAwayTests
{
    [SkippableFact]
    public async Task The_page_and_api_are_served_from_the_last_snapshot_while_the_database_is_away()
    {
        await using var app = await TestApp.StartAsync(TestConfigs.Basic, dialect: SqlDialect.Postgres);
        await app.Store.SeedIncidentAsync(Samples.Incident("away00000001", DateTimeOffset.UtcNow, name: "Before the outage"), CancellationToken.None);
        await app.RefreshAsync();
        var database = new NpgsqlConnectionStringBuilder(await File.ReadAllTextAsync(Path.Combine(app.DataDirectory, "postgres-connection.txt"))).Database!;
        var server = await PostgresServer.GetAsync();
        await server.ExecuteAsync("postgres", $"ALTER DATABASE {database} ALLOW_CONNECTIONS false");
        try
        {
            await server.ExecuteAsync("postgres", $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
            await Should.ThrowAsync<Exception>(() => app.RefreshAsync(), "the database really refuses the node");
            await Eventually.TrueAsync(
                async () => (await app.Client.GetAsync("/readyz")).StatusCode == HttpStatusCode.ServiceUnavailable,
                TimeSpan.FromSeconds(15), "readiness says the database is away");
            for (var i = 0; i < 3; i++)
            {
                var page = await app.Client.GetAsync("/");
                page.StatusCode.ShouldBe(HttpStatusCode.OK);
                (await page.Content.ReadAsStringAsync()).ShouldContain("Before the outage");
                var summary = await app.Client.GetAsync("/api/v2/summary.json");
                summary.StatusCode.ShouldBe(HttpStatusCode.OK);
                (await summary.Content.ReadAsStringAsync()).ShouldContain("Before the outage");
            }
        }
        finally
        {
            await server.ExecuteAsync("postgres", $"ALTER DATABASE {database} ALLOW_CONNECTIONS true");
        }

        await app.Store.SeedIncidentAsync(Samples.Incident("away00000002", DateTimeOffset.UtcNow, name: "After the outage"), CancellationToken.None);
        await Eventually.TrueAsync(
            async () => (await app.Client.GetStringAsync("/")).Contains("After the outage", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20), "the node catches up once the database is back");
        (await app.Client.GetAsync("/readyz")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
