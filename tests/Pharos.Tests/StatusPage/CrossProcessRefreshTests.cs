using Pharos.Domain;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.StatusPage;

public sealed class SqliteCrossProcessRefreshTests() : CrossProcessRefreshTests(SqlDialect.Sqlite);

public sealed class PostgresCrossProcessRefreshTests() : CrossProcessRefreshTests(SqlDialect.Postgres);

/// <summary>These tests, run with the app on SQLite and on PostgreSQL.</summary>
public abstract class CrossProcessRefreshTests(SqlDialect dialect) : DialectAppTests(dialect)
{
    [SkippableFact]
    public async Task A_write_through_another_connection_appears_within_one_refresh_interval()
    {
        await using var app = await StartAppAsync();
        var before = await app.Client.GetAsync("/api/v2/incidents/unresolved.json");
        var etag = before.Headers.ETag;

        // Another process: its own store on the same database file.
        var other = new SqliteStatusStore(await TestDatabases.OpenAgainAsync(app));
        await other.SeedIncidentAsync(Samples.Incident("ext000000001", DateTimeOffset.UtcNow, name: "Written elsewhere",
            components: new AffectedComponent("app", ComponentStatus.MajorOutage)), CancellationToken.None);

        // refresh_interval is 2 s in the test config; allow a generous margin for a loaded machine.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string body;
        do
        {
            body = await app.Client.GetStringAsync("/api/v2/incidents/unresolved.json");
            if (body.Contains("Written elsewhere", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        body.ShouldContain("Written elsewhere");
        (await app.Client.GetAsync("/api/v2/incidents/unresolved.json")).Headers.ETag.ShouldNotBe(etag);
    }

    [SkippableFact]
    public async Task Maintenance_starts_by_itself_when_its_window_opens()
    {
        var time = new FakeTime(DateTimeOffset.UtcNow);
        await using var app = await StartAppAsync(time: time);
        var now = time.GetUtcNow();
        await app.Store.SeedMaintenanceAsync(Samples.Maintenance("win000000001", now.AddMinutes(10), now.AddMinutes(70), now.AddDays(-1), "forum"), CancellationToken.None);
        await app.RefreshAsync();
        app.Snapshot.StatusOf("forum").ShouldBe(ComponentStatus.Operational);

        time.Advance(TimeSpan.FromMinutes(11));
        await app.RefreshAsync();
        app.Snapshot.StatusOf("forum").ShouldBe(ComponentStatus.UnderMaintenance);
        // The page moved from memory at once; the maintenance clock writes the edge on its own tick.
        await Eventually.TrueAsync(async () => (await app.Store.GetMaintenanceAsync("win000000001", CancellationToken.None))!.Status == MaintenanceStatus.InProgress, TimeSpan.FromSeconds(10), "the clock stored the start");

        time.Advance(TimeSpan.FromHours(1));
        await app.RefreshAsync();
        await Eventually.TrueAsync(async () => (await app.Store.GetMaintenanceAsync("win000000001", CancellationToken.None))!.Status == MaintenanceStatus.Completed, TimeSpan.FromSeconds(10), "the clock stored the end");
        app.Snapshot.StatusOf("forum").ShouldBe(ComponentStatus.Operational);
    }
}
