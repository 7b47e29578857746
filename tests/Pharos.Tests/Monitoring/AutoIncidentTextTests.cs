using Microsoft.Extensions.Logging.Abstractions;
using Pharos.Monitoring.Alerts;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Incidents;
using Pharos.Monitoring.Results;
using Pharos.Monitoring.State;
using Pharos.Monitoring.Storage;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Monitoring;

/// <summary>What monitoring writes on the public page: the configured words, never a check's internals unless it opts in.</summary>
public sealed class SqliteAutoIncidentTextTests() : AutoIncidentTextTests(SqlDialect.Sqlite);

public sealed class PostgresAutoIncidentTextTests() : AutoIncidentTextTests(SqlDialect.Postgres);

/// <summary>The tests of this store, run on SQLite and on PostgreSQL.</summary>
public abstract class AutoIncidentTextTests(SqlDialect dialect) : DialectTests(dialect)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private const string InternalError = "connection refused by db-primary.internal.example:5432 (10.20.30.40)";

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Incident_text_names_checks_and_quotes_an_error_only_from_a_check_that_opts_in(bool publicDetails)
    {
        var config = MonitorTestConfigs.Load($$"""
            monitoring:
              auto_incidents: true
              incident_body: "Problem with {component} ({checks}). {details}"
            checks:
              - id: db
                name: Database
                type: tcp
                component: app
                host: 127.0.0.1
                port: 9
                public_details: {{(publicDetails ? "true" : "false")}}
            """);
        var db = Db;
        var status = new SqliteStatusStore(db);
        var tracker = new CheckTracker(MonitorTestConfigs.Catalog(config));
        var auto = new AutoIncidentService(tracker, new SqliteMonitorStore(db), status, status.Writer(new FakeTime(T0)), config.Monitoring, MonitorTestConfigs.Catalog(config), config, new StorageAlerts(new RecordingAlertSink(), new FakeTime(T0), NullLogger<StorageAlerts>.Instance), new FakeTime(T0), NullLogger<AutoIncidentService>.Instance);

        ComponentHealthChange? down = null;
        for (var i = 0; i < 3; i++)
        {
            down ??= tracker.Apply(new CheckResult("db", "app", T0.AddSeconds(i), CheckOutcome.Down, 1, InternalError)).Component;
        }

        await auto.HandleAsync(down.ShouldNotBeNull(), default);
        var body = (await status.LoadAsync(T0.AddDays(-1), default)).Incidents.ShouldHaveSingleItem().Updates.Single().Body;
        body.ShouldContain("(Database)");
        if (publicDetails)
        {
            body.ShouldContain(InternalError);
        }
        else
        {
            body.ShouldNotContain("db-primary");
            body.ShouldNotContain("10.20.30.40");
        }
    }
}
