using Microsoft.Extensions.Logging.Abstractions;
using Pharos.Audit;
using Pharos.Domain;
using Pharos.Monitoring.History;
using Pharos.Monitoring.State;
using Pharos.Monitoring.Storage;
using Pharos.StatusPage;
using Pharos.Storage;
using Pharos.Tests.Support;
using Pharos.Writes;

namespace Pharos.Tests.Writes;

/// <summary>The maintenance clock writes edges through the one write path; the refresher only reads.</summary>
public sealed class SqliteMaintenanceClockTests() : MaintenanceClockTests(SqlDialect.Sqlite);

public sealed class PostgresMaintenanceClockTests() : MaintenanceClockTests(SqlDialect.Postgres);

/// <summary>The tests of this store, run on SQLite and on PostgreSQL.</summary>
public abstract class MaintenanceClockTests(SqlDialect dialect) : DialectTests(dialect)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTime _time = new(T0);
    private SqliteStatusStore _store = null!;

    protected override async Task InitializedAsync()
    {
        _store = new SqliteStatusStore(Db);
        await _store.SeedMaintenanceAsync(Samples.Maintenance("mnt000000001", T0.AddHours(1), T0.AddHours(2), T0.AddDays(-1), "app"));
    }

    [SkippableFact]
    public async Task Each_edge_is_written_once_at_its_time_as_the_maintenance_clock_with_audit_and_event()
    {
        var clock = new MaintenanceClock(_store, _store.Writer(_time), _time, NullLogger<MaintenanceClock>.Instance);
        (await clock.AdvanceDueAsync(default)).ShouldBe(0, "nothing is due before the window");

        _time.Advance(TimeSpan.FromHours(1));
        (await clock.AdvanceDueAsync(default)).ShouldBe(1);
        (await clock.AdvanceDueAsync(default)).ShouldBe(0, "an edge is crossed once");
        (await _store.GetMaintenanceAsync("mnt000000001", default))!.Status.ShouldBe(MaintenanceStatus.InProgress);

        _time.Advance(TimeSpan.FromHours(1));
        (await clock.AdvanceDueAsync(default)).ShouldBe(1);
        var done = (await _store.GetMaintenanceAsync("mnt000000001", default))!;
        done.Status.ShouldBe(MaintenanceStatus.Completed);
        done.CompletedAt.ShouldBe(T0.AddHours(2));

        var audit = await new SqliteAuditStore(_store.Database).QueryAsync(new AuditQuery { TargetId = "mnt000000001", Action = "maintenance.advance" }, default);
        audit.Count.ShouldBe(2);
        audit.ShouldAllBe(a => a.Actor.Kind == Actor.SystemKind && a.Actor.Name == "maintenance-clock");
        var events = await new SqliteStatusWriteStore(_store.Database).ReadAsync(0, 100, default);
        events.Select(e => e.Kind).ShouldContain("maintenance.started");
        events.Select(e => e.Kind).ShouldContain("maintenance.completed");
    }

    [SkippableFact]
    public async Task The_refresher_shows_a_window_opening_on_time_without_writing_anything()
    {
        var site = new StatusSite();
        var config = ConfigLoader.Load(TestConfigs.Basic, "pharos.yaml");
        var monitoring = new MonitorHistoryLoader(new SqliteMonitorStore(_store.Database), new CheckTracker(MonitorTestConfigs.Catalog(config)));
        var refresher = new StatusRefresher(_store, site, config, _time, NullLogger<StatusRefresher>.Instance, monitoring);
        var version = await _store.GetDataVersionAsync(default);

        _time.Advance(TimeSpan.FromHours(1));
        await refresher.RefreshAsync(force: false, default);

        site.Snapshot!.FindMaintenance("mnt000000001")!.Status.ShouldBe(MaintenanceStatus.InProgress, "the page applies the edge in memory");
        (await _store.GetMaintenanceAsync("mnt000000001", default))!.Status.ShouldBe(MaintenanceStatus.Scheduled, "the refresher never writes");
        (await _store.GetDataVersionAsync(default)).ShouldBe(version);
    }
}
