using Microsoft.Data.Sqlite;
using Pharos.Domain;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Storage;

public sealed class SqliteStatusStoreTests() : StatusStoreTests(SqlDialect.Sqlite)
{
    [Fact]
    public async Task Migrations_run_twice_without_harm_and_use_WAL()
    {
        await Store.MigrateAsync(CancellationToken.None);
        await using var c = new SqliteConnection($"Data Source={Dir.File("pharos.db")}");
        await c.OpenAsync();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        (await cmd.ExecuteScalarAsync())!.ToString().ShouldBe("wal");
        cmd.CommandText = "SELECT count(*) FROM schema_migrations";
        ((long)(await cmd.ExecuteScalarAsync())!).ShouldBe(SqliteMigrator.Migrations("Sqlite").Count());
    }
}

public sealed class PostgresStatusStoreTests() : StatusStoreTests(SqlDialect.Postgres);

/// <summary>The status store's tests, run on each dialect.</summary>
public abstract class StatusStoreTests(SqlDialect dialect) : DialectTests(dialect)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected SqliteStatusStore Store { get; private set; } = null!;

    protected override Task InitializedAsync()
    {
        Store = new SqliteStatusStore(Db);
        return Task.CompletedTask;
    }

    [SkippableFact]
    public async Task Migrations_run_twice_without_harm()
    {
        await Store.MigrateAsync(CancellationToken.None);
        await using var c = await Db.OpenAsync(CancellationToken.None);
        (await Dapper.SqlMapper.ExecuteScalarAsync<long>(c, "SELECT count(*) FROM schema_migrations"))
            .ShouldBe(SqliteMigrator.Migrations(Dialect.ToString()).Count());
    }

    [SkippableFact]
    public async Task Incident_round_trips_with_components_and_updates()
    {
        var i = Samples.Incident("inc1", T0, components: [new AffectedComponent("app", ComponentStatus.PartialOutage), new AffectedComponent("admin", ComponentStatus.DegradedPerformance)]);
        await Store.SeedIncidentAsync(i, CancellationToken.None);
        var back = await Store.GetIncidentAsync("inc1", CancellationToken.None);
        back.ShouldNotBeNull();
        back.Name.ShouldBe(i.Name);
        back.StartedAt.ShouldBe(T0);
        back.Components.OrderBy(c => c.ComponentId).ShouldBe(i.Components.OrderBy(c => c.ComponentId));
        back.Updates.Single().ComponentChanges.Count.ShouldBe(2);
        back.Updates.Single().Body.ShouldBe(i.Updates.Single().Body);
    }

    [SkippableFact]
    public async Task Every_save_raises_the_data_version()
    {
        var v0 = await Store.GetDataVersionAsync(CancellationToken.None);
        await Store.SeedIncidentAsync(Samples.Incident("a", T0), CancellationToken.None);
        await Store.SeedMaintenanceAsync(Samples.Maintenance("m", T0, T0.AddHours(1), T0.AddDays(-1), "app"), CancellationToken.None);
        (await Store.GetDataVersionAsync(CancellationToken.None)).ShouldBe(v0 + 2);
    }

    [SkippableFact]
    public async Task Load_returns_recent_and_open_items_only()
    {
        await Store.SeedIncidentAsync(Samples.Incident("old", T0.AddDays(-500), T0.AddDays(-500).AddHours(1)), CancellationToken.None);
        await Store.SeedIncidentAsync(Samples.Incident("old-open", T0.AddDays(-500)), CancellationToken.None);
        await Store.SeedIncidentAsync(Samples.Incident("new", T0.AddDays(-1), T0.AddDays(-1).AddHours(1)), CancellationToken.None);
        var data = await Store.LoadAsync(T0.AddDays(-400), CancellationToken.None);
        data.Incidents.Select(i => i.Id).Order().ShouldBe(["new", "old-open"]);
    }

    [SkippableFact]
    public async Task Maintenance_round_trips()
    {
        var m = Samples.Maintenance("m1", T0, T0.AddHours(2), T0.AddDays(-3), "app", "forum") with { Sequence = 4, AutoComplete = false };
        await Store.SeedMaintenanceAsync(m, CancellationToken.None);
        var back = await Store.GetMaintenanceAsync("m1", CancellationToken.None);
        back!.ComponentIds.ShouldBe(["app", "forum"]);
        back.Sequence.ShouldBe(4);
        back.AutoComplete.ShouldBeFalse();
        back.ScheduledUntil.ShouldBe(T0.AddHours(2));
    }

    [SkippableFact]
    public async Task Unknown_ids_are_null()
    {
        (await Store.GetIncidentAsync("nope", CancellationToken.None)).ShouldBeNull();
        (await Store.GetMaintenanceAsync("nope", CancellationToken.None)).ShouldBeNull();
    }

    [SkippableFact]
    public async Task Times_are_stored_as_UTC_milliseconds()
    {
        var local = new DateTimeOffset(2026, 3, 1, 4, 0, 0, 250, TimeSpan.FromHours(-8));
        await Store.SeedIncidentAsync(Samples.Incident("tz", local), CancellationToken.None);
        await using var c = await Db.OpenAsync(CancellationToken.None);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT started_at FROM incidents WHERE id = 'tz'";
        ((long)(await cmd.ExecuteScalarAsync())!).ShouldBe(local.ToUnixTimeMilliseconds());
        (await Store.GetIncidentAsync("tz", CancellationToken.None))!.StartedAt.Offset.ShouldBe(TimeSpan.Zero);
    }
}
