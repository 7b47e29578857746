using Microsoft.Extensions.Logging.Abstractions;
using Pharos.Domain;
using Pharos.Monitoring.Alerts;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Incidents;
using Pharos.Monitoring.Results;
using Pharos.Monitoring.State;
using Pharos.Monitoring.Storage;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Monitoring;

public sealed class SqliteMonitorStoreTests() : MonitorStoreTests(SqlDialect.Sqlite);

public sealed class PostgresMonitorStoreTests() : MonitorStoreTests(SqlDialect.Postgres);

/// <summary>The tests of this store, run on SQLite and on PostgreSQL.</summary>
public abstract class MonitorStoreTests(SqlDialect dialect) : DialectTests(dialect)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 30, TimeSpan.Zero);
    private SqliteStatusStore _status = null!;
    private SqliteMonitorStore _monitor = null!;

    private const string Checks = """
        monitoring:
          auto_incidents: true
        checks:
          - id: web
            type: tcp
            component: app
            host: 127.0.0.1
            port: 9
        """;

    protected override Task InitializedAsync()
    {
        _status = new SqliteStatusStore(Db);
        _monitor = new SqliteMonitorStore(Db);
        return Task.CompletedTask;
    }

    [SkippableFact]
    public async Task Results_roll_up_per_hour_and_day_with_percentiles()
    {
        var records = Enumerable.Range(0, 100).Select(i => (MonitorRecord)new CheckResult("web", "app", T0.AddSeconds(i), i < 90 ? CheckOutcome.Up : CheckOutcome.Down, i + 1, null)).ToList();
        await _monitor.WriteBatchAsync(BatchBuilder.Build(records), CancellationToken.None);
        await _monitor.WriteBatchAsync(BatchBuilder.Build(records), CancellationToken.None);

        var day = (await _monitor.GetRollupsAsync("check", "web", Granularity.Day, T0.AddDays(-1), T0.AddDays(1), CancellationToken.None)).ShouldHaveSingleItem();
        day.Total.ShouldBe(200, "batches add up");
        day.UptimePercent.ShouldBe(90);
        day.PercentileMs(0.5).ShouldBeInRange(25, 50);
        day.LatencyMaxMs.ShouldBe(100);
        (await _monitor.GetRollupsAsync("check", "web", Granularity.Minute, T0.AddDays(-1), T0.AddDays(1), CancellationToken.None)).ShouldBeEmpty("checks keep no per-minute rollups");
        (await _monitor.GetRollupsAsync("component", "app", Granularity.Minute, T0.AddDays(-1), T0.AddDays(1), CancellationToken.None)).Count.ShouldBe(3, "12:00:30 to 12:02:09 spans three minutes");
        (await _monitor.GetResultsAsync("web", T0, T0.AddHours(1), 10, CancellationToken.None)).Count.ShouldBe(10);

        var removed = await _monitor.PruneAsync(T0.AddDays(1), T0.AddDays(1), T0.AddDays(-1), CancellationToken.None);
        removed.ShouldBe(200 + 3, "raw results and the minute rollups");
    }

    [SkippableFact]
    public async Task A_restart_keeps_a_down_check_down_without_a_new_change_or_a_second_incident()
    {
        var config = MonitorTestConfigs.Load(Checks);
        var tracker = new CheckTracker(MonitorTestConfigs.Catalog(config));
        var time = new FakeTime(T0);
        var incidents = new AutoIncidentService(tracker, _monitor, _status, _status.Writer(time), config.Monitoring, MonitorTestConfigs.Catalog(config), config, new StorageAlerts(new RecordingAlertSink(), time, NullLogger<StorageAlerts>.Instance), time, NullLogger<AutoIncidentService>.Instance);
        var changes = new List<MonitorRecord>();
        for (var i = 0; i < 3; i++)
        {
            var (state, component) = tracker.Apply(new CheckResult("web", "app", T0.AddSeconds(i), CheckOutcome.Down, 1, "refused"));
            changes.AddRange(new MonitorRecord?[] { state, component }.OfType<MonitorRecord>());
        }

        await _monitor.WriteBatchAsync(BatchBuilder.Build(changes), CancellationToken.None);
        var down = changes.OfType<ComponentHealthChange>().ShouldHaveSingleItem();
        await incidents.HandleAsync(down, CancellationToken.None);

        // A new process: state comes back from the database.
        var restarted = new CheckTracker(MonitorTestConfigs.Catalog(config));
        restarted.Restore(await _monitor.LoadCheckStatesAsync(CancellationToken.None), await _monitor.LoadComponentHealthAsync(CancellationToken.None));
        restarted.StateOf("web").Health.ShouldBe(CheckHealth.Down);
        restarted.Statuses["app"].ShouldBe(ComponentStatus.MajorOutage);
        restarted.Apply(new CheckResult("web", "app", T0.AddMinutes(1), CheckOutcome.Down, 1, "refused")).ShouldBe((null, null));

        // Even if the same change were seen again, the open incident is reused.
        var again = new AutoIncidentService(restarted, _monitor, _status, _status.Writer(time), config.Monitoring, MonitorTestConfigs.Catalog(config), config, new StorageAlerts(new RecordingAlertSink(), time, NullLogger<StorageAlerts>.Instance), time, NullLogger<AutoIncidentService>.Instance);
        await again.HandleAsync(down, CancellationToken.None);
        var open = (await _status.LoadAsync(T0.AddDays(-1), CancellationToken.None)).Incidents.ShouldHaveSingleItem();
        open.Automated.ShouldBeTrue();
        open.IsOpen.ShouldBeTrue();

        await again.HandleAsync(new ComponentHealthChange("app", T0.AddMinutes(5), ComponentStatus.Operational), CancellationToken.None);
        (await _status.LoadAsync(T0.AddDays(-1), CancellationToken.None)).Incidents.ShouldHaveSingleItem().Status.ShouldBe(IncidentStatus.Resolved);
        (await _monitor.LoadComponentHealthAsync(CancellationToken.None)).ShouldHaveSingleItem().IncidentId.ShouldBeNull();
    }
}
