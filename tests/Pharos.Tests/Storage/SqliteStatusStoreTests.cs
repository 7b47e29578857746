using Microsoft.Data.Sqlite;
using Pharos.Domain;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Storage;

public sealed class SqliteStatusStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();
    private readonly SqliteStatusStore _store;

    public SqliteStatusStoreTests()
    {
        _store = new SqliteStatusStore(new SqliteDatabase(_dir.File("pharos.db")));
        _store.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public async Task Migrations_run_twice_without_harm_and_use_WAL()
    {
        await _store.MigrateAsync(CancellationToken.None);
        await using var c = new SqliteConnection($"Data Source={_dir.File("pharos.db")}");
        await c.OpenAsync();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        (await cmd.ExecuteScalarAsync())!.ToString().ShouldBe("wal");
        cmd.CommandText = "SELECT count(*) FROM schema_migrations";
        ((long)(await cmd.ExecuteScalarAsync())!).ShouldBe(SqliteMigratorCount());
    }

    private static long SqliteMigratorCount() => SqliteMigrator.Migrations("Sqlite").Count();

    [Fact]
    public async Task Incident_round_trips_with_components_and_updates()
    {
        var i = Samples.Incident("inc1", T0, components: [new AffectedComponent("app", ComponentStatus.PartialOutage), new AffectedComponent("admin", ComponentStatus.DegradedPerformance)]);
        await _store.SeedIncidentAsync(i, CancellationToken.None);
        var back = await _store.GetIncidentAsync("inc1", CancellationToken.None);
        back.ShouldNotBeNull();
        back.Name.ShouldBe(i.Name);
        back.StartedAt.ShouldBe(T0);
        back.Components.OrderBy(c => c.ComponentId).ShouldBe(i.Components.OrderBy(c => c.ComponentId));
        back.Updates.Single().ComponentChanges.Count.ShouldBe(2);
        back.Updates.Single().Body.ShouldBe(i.Updates.Single().Body);
    }

    [Fact]
    public async Task Every_save_raises_the_data_version()
    {
        var v0 = await _store.GetDataVersionAsync(CancellationToken.None);
        await _store.SeedIncidentAsync(Samples.Incident("a", T0), CancellationToken.None);
        await _store.SeedMaintenanceAsync(Samples.Maintenance("m", T0, T0.AddHours(1), T0.AddDays(-1), "app"), CancellationToken.None);
        (await _store.GetDataVersionAsync(CancellationToken.None)).ShouldBe(v0 + 2);
    }

    [Fact]
    public async Task Load_returns_recent_and_open_items_only()
    {
        await _store.SeedIncidentAsync(Samples.Incident("old", T0.AddDays(-500), T0.AddDays(-500).AddHours(1)), CancellationToken.None);
        await _store.SeedIncidentAsync(Samples.Incident("old-open", T0.AddDays(-500)), CancellationToken.None);
        await _store.SeedIncidentAsync(Samples.Incident("new", T0.AddDays(-1), T0.AddDays(-1).AddHours(1)), CancellationToken.None);
        var data = await _store.LoadAsync(T0.AddDays(-400), CancellationToken.None);
        data.Incidents.Select(i => i.Id).Order().ShouldBe(["new", "old-open"]);
    }

    [Fact]
    public async Task Maintenance_round_trips()
    {
        var m = Samples.Maintenance("m1", T0, T0.AddHours(2), T0.AddDays(-3), "app", "forum") with { Sequence = 4, AutoComplete = false };
        await _store.SeedMaintenanceAsync(m, CancellationToken.None);
        var back = await _store.GetMaintenanceAsync("m1", CancellationToken.None);
        back!.ComponentIds.ShouldBe(["app", "forum"]);
        back.Sequence.ShouldBe(4);
        back.AutoComplete.ShouldBeFalse();
        back.ScheduledUntil.ShouldBe(T0.AddHours(2));
    }

    [Fact]
    public async Task Unknown_ids_are_null()
    {
        (await _store.GetIncidentAsync("nope", CancellationToken.None)).ShouldBeNull();
        (await _store.GetMaintenanceAsync("nope", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task Times_are_stored_as_UTC_milliseconds()
    {
        var local = new DateTimeOffset(2026, 3, 1, 4, 0, 0, 250, TimeSpan.FromHours(-8));
        await _store.SeedIncidentAsync(Samples.Incident("tz", local), CancellationToken.None);
        await using var c = new SqliteConnection($"Data Source={_dir.File("pharos.db")}");
        await c.OpenAsync();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT started_at FROM incidents WHERE id = 'tz'";
        ((long)(await cmd.ExecuteScalarAsync())!).ShouldBe(local.ToUnixTimeMilliseconds());
        (await _store.GetIncidentAsync("tz", CancellationToken.None))!.StartedAt.Offset.ShouldBe(TimeSpan.Zero);
    }
}
