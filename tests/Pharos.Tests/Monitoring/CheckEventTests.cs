using System.Diagnostics.Metrics;
using System.Text.Json;
using Pharos.Monitoring;
using Microsoft.Extensions.Logging.Abstractions;
using Pharos.Domain;
using Pharos.Monitoring.Alerts;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Metrics;
using Pharos.Monitoring.Results;
using Pharos.Monitoring.Scheduling;
using Pharos.Monitoring.State;
using Pharos.Monitoring.Storage;
using Pharos.Notifications;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Monitoring;

/// <summary>Monitoring's state changes raise their events in the same transaction, once each.</summary>
public sealed class SqliteCheckEventTests() : CheckEventTests(SqlDialect.Sqlite);

public sealed class PostgresCheckEventTests() : CheckEventTests(SqlDialect.Postgres);

/// <summary>The tests of this store, run on SQLite and on PostgreSQL.</summary>
public abstract class CheckEventTests(SqlDialect dialect) : DialectTests(dialect)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly RecordingAlertSink _alerts = new();
    private SqliteMonitorStore _store = null!;

    private const string ChecksYaml = """
        checks:
          - id: web
            type: http
            component: app
            url: http://127.0.0.1:9/health
            hostnames: [shop-1.example.test]
            fail_after: 2
            recover_after: 1
          - id: cron
            type: heartbeat
            component: app
            token: ZUuAYpFKaZrUdqlbvN8D7A
            period: 30s
            grace: 10s
            fail_after: 1
        """;

    protected override Task InitializedAsync()
    {
        _store = new SqliteMonitorStore(Db);
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await base.DisposeAsync();
    }

    [SkippableTheory]
    [InlineData(CheckHealth.Pending, CheckHealth.Up, false, null)]
    [InlineData(CheckHealth.Pending, CheckHealth.Down, false, EventKinds.CheckDown)]
    [InlineData(CheckHealth.Pending, CheckHealth.Degraded, false, EventKinds.CheckDegraded)]
    [InlineData(CheckHealth.Up, CheckHealth.Down, false, EventKinds.CheckDown)]
    [InlineData(CheckHealth.Up, CheckHealth.Degraded, false, EventKinds.CheckDegraded)]
    [InlineData(CheckHealth.Down, CheckHealth.Up, false, EventKinds.CheckUp)]
    [InlineData(CheckHealth.Degraded, CheckHealth.Up, false, EventKinds.CheckUp)]
    [InlineData(CheckHealth.Down, CheckHealth.Degraded, false, EventKinds.CheckDegraded)]
    public void A_change_of_an_ordinary_check_raises_its_kind_and_a_first_up_raises_nothing(CheckHealth from, CheckHealth to, bool reported, string? kind) =>
        CheckEvents.KindOf(Check("web@shop-1.example.test"), from, to, reported).ShouldBe(kind);

    [SkippableFact]
    public void A_silent_heartbeat_is_heartbeat_silent_but_a_job_reporting_failure_is_check_down()
    {
        var cron = Check("cron");
        CheckEvents.KindOf(cron, CheckHealth.Up, CheckHealth.Down, jobReportedFailure: false).ShouldBe(EventKinds.HeartbeatSilent);
        CheckEvents.KindOf(cron, CheckHealth.Pending, CheckHealth.Down, jobReportedFailure: false).ShouldBe(EventKinds.HeartbeatSilent);
        CheckEvents.KindOf(cron, CheckHealth.Up, CheckHealth.Down, jobReportedFailure: true).ShouldBe(EventKinds.CheckDown);
        CheckEvents.KindOf(cron, CheckHealth.Down, CheckHealth.Up, jobReportedFailure: false).ShouldBe(EventKinds.CheckUp);
    }

    [SkippableFact]
    public async Task A_check_going_down_is_one_event_with_its_hostname_target_and_error_written_with_the_state()
    {
        var (pipeline, writer) = await PipelineAsync();
        var web = Check("web@shop-1.example.test");
        await pipeline.RecordAsync(web, ProbeResult.Up(TimeSpan.FromMilliseconds(5)), T0, CancellationToken.None);
        await pipeline.RecordAsync(web, ProbeResult.Down(TimeSpan.FromMilliseconds(5), "503 Service Unavailable"), T0.AddSeconds(5), CancellationToken.None);
        await pipeline.RecordAsync(web, ProbeResult.Down(TimeSpan.FromMilliseconds(5), "503 Service Unavailable"), T0.AddSeconds(10), CancellationToken.None);
        await pipeline.RecordAsync(web, ProbeResult.Down(TimeSpan.FromMilliseconds(5), "503 Service Unavailable"), T0.AddSeconds(15), CancellationToken.None);
        await Eventually.TrueAsync(async () => (await _store.LoadCheckStatesAsync(CancellationToken.None)).Any(s => s.Health == CheckHealth.Down), TimeSpan.FromSeconds(10), "the down state written");
        await writer.StopAsync(CancellationToken.None);

        var e = (await EventsAsync()).ShouldHaveSingleItem("the first up raised nothing, and staying down raises nothing more");
        (e.Kind, e.SubjectType, e.SubjectId, e.Actor).ShouldBe((EventKinds.CheckDown, "check", "web@shop-1.example.test", "system:monitoring"));
        var data = Detail(e);
        data["hostname"].ShouldBe("shop-1.example.test");
        data["check"].ShouldBe("web@shop-1.example.test");
        data["component"].ShouldBe("app");
        data["target"].ShouldContain("http://127.0.0.1:9/health");
        data["error"].ShouldBe("503 Service Unavailable");
        data["title"].ShouldBe("Down: web (shop-1.example.test)");
        data["text"].ShouldNotContain("503", customMessage: "the hostname's subscribers read the text: no error without public_details");
        data["text"].ShouldNotContain("127.0.0.1");
    }

    [SkippableFact]
    public async Task A_transaction_that_fails_leaves_neither_the_state_nor_its_event()
    {
        var change = new CheckStateChange("web", CheckHealth.Down, T0, "refused")
        {
            Previous = CheckHealth.Up,
            Event = new DomainEvent(EventKinds.CheckDown, "check", "web", T0) { Actor = "system:monitoring" },
        };
        await using (await Pharos.Tests.Failover.FailoverTestSupport.BreakWritesAsync(Db, "component_health"))
        {
            // The component change comes after the state and the event in the same transaction, and fails it.
            await Should.ThrowAsync<Exception>(() => _store.WriteBatchAsync(BatchBuilder.Build([change, new ComponentHealthChange("app", T0, ComponentStatus.MajorOutage)]), CancellationToken.None));
        }

        (await _store.LoadCheckStatesAsync(CancellationToken.None)).ShouldBeEmpty();
        (await EventsAsync()).ShouldBeEmpty();

        await _store.WriteBatchAsync(BatchBuilder.Build([change]), CancellationToken.None);
        (await _store.LoadCheckStatesAsync(CancellationToken.None)).ShouldHaveSingleItem().Health.ShouldBe(CheckHealth.Down);
        (await EventsAsync()).ShouldHaveSingleItem().Kind.ShouldBe(EventKinds.CheckDown);
    }

    [SkippableFact]
    public async Task An_expiring_certificate_is_announced_once_however_often_it_is_seen_and_across_restarts()
    {
        var cert = new ExpiringCertificate("AB12", "CN=shop-1.example.test", T0.AddDays(5));
        var expiring = ProbeResult.Up(TimeSpan.FromMilliseconds(5)) with { Outcome = CheckOutcome.Degraded, Message = "certificate expires in 5 days", ExpiringCertificate = cert };
        var web = Check("web@shop-1.example.test");
        var (pipeline, writer) = await PipelineAsync();
        for (var i = 0; i < 5; i++)
        {
            await pipeline.RecordAsync(web, expiring, T0.AddSeconds(i * 5), CancellationToken.None);
        }

        await Eventually.TrueAsync(async () => (await EventsAsync()).Any(e => e.Kind == EventKinds.CertificateExpiring), TimeSpan.FromSeconds(10), "the certificate announced");
        await writer.StopAsync(CancellationToken.None);

        // A restarted process has forgotten what it announced: the event log remembers.
        var (again, writer2) = await PipelineAsync();
        await again.RecordAsync(web, expiring, T0.AddMinutes(1), CancellationToken.None);
        await writer2.StopAsync(CancellationToken.None);

        var announced = (await EventsAsync()).Where(e => e.Kind == EventKinds.CertificateExpiring).ToList();
        var only = announced.ShouldHaveSingleItem();
        (only.SubjectType, only.SubjectId).ShouldBe(("certificate", "AB12"));
        Detail(only)["hostname"].ShouldBe("shop-1.example.test");
        Detail(only)["not_after"].ShouldStartWith("2026-03-06");
    }

    [SkippableFact]
    public void The_certificate_judge_names_a_certificate_within_its_warning_and_not_one_outside()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=shop-1.example.test", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        using var cert = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(5));
        var warned = CertificateExpiry.Judge(ProbeResult.Up(TimeSpan.Zero), cert, TimeSpan.FromDays(14), now);
        warned.Outcome.ShouldBe(CheckOutcome.Degraded);
        warned.ExpiringCertificate.ShouldNotBeNull().Thumbprint.ShouldBe(cert.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256));
        CertificateExpiry.Judge(ProbeResult.Up(TimeSpan.Zero), cert, TimeSpan.FromDays(2), now).ExpiringCertificate.ShouldBeNull();
    }

    [SkippableFact]
    public async Task Writes_failing_again_and_again_raise_storage_write_failed_once_per_streak()
    {
        var broken = await Pharos.Tests.Failover.FailoverTestSupport.BreakWritesAsync(Db, "check_states");
        using var writer = Writer();
        await writer.StartAsync(CancellationToken.None);
        await writer.EnqueueAsync(new CheckStateChange("web", CheckHealth.Down, T0, "refused"), CancellationToken.None);
        await Eventually.TrueAsync(() => writer.WriteFailures >= 7, TimeSpan.FromSeconds(15), "seven failed attempts");
        var raised = _alerts.Raised.ShouldHaveSingleItem("once for the streak, not on every attempt");
        raised.Kind.ShouldBe(EventKinds.StorageWriteFailed);
        Detail(raised)["error"].ShouldContain("disk I/O error");
        await broken.DisposeAsync();
        await Eventually.TrueAsync(async () => (await _store.LoadCheckStatesAsync(CancellationToken.None)).Count == 1, TimeSpan.FromSeconds(10), "the held change written");
        await writer.StopAsync(CancellationToken.None);
    }

    [SkippableFact]
    public async Task An_alert_sink_that_refuses_too_does_not_stop_the_writer()
    {
        _alerts.Refuse = new InvalidOperationException("database is locked");
        var broken = await Pharos.Tests.Failover.FailoverTestSupport.BreakWritesAsync(Db, "check_states");
        using var writer = Writer();
        await writer.StartAsync(CancellationToken.None);
        await writer.EnqueueAsync(new CheckStateChange("web", CheckHealth.Down, T0, "refused"), CancellationToken.None);
        await Eventually.TrueAsync(() => writer.WriteFailures >= 6, TimeSpan.FromSeconds(15), "past the alert");
        await broken.DisposeAsync();
        await Eventually.TrueAsync(async () => (await _store.LoadCheckStatesAsync(CancellationToken.None)).Count == 1, TimeSpan.FromSeconds(10), "the held change written");
        await writer.StopAsync(CancellationToken.None);
    }

    private static readonly PharosConfig Config = MonitorTestConfigs.Load(ChecksYaml);

    private static CheckConfig Check(string id) => Config.Checks.Single(c => c.Id == id);

    private ResultWriter Writer() => new(
        _store, new MonitoringConfig(), new ResultWriterOptions { FirstRetryDelay = TimeSpan.FromMilliseconds(20), MaxRetryDelay = TimeSpan.FromMilliseconds(100) },
        new MonitorMetrics(_services.GetRequiredService<IMeterFactory>()), new StorageAlerts(_alerts, TimeProvider.System, NullLogger<StorageAlerts>.Instance), [],
        TimeProvider.System, NullLogger<ResultWriter>.Instance);

    private async Task<(MonitorPipeline Pipeline, ResultWriter Writer)> PipelineAsync()
    {
        var catalog = MonitorTestConfigs.Catalog(Config);
        var writer = Writer();
        await writer.StartAsync(CancellationToken.None);
        var events = new CheckEvents(new HeartbeatRegistry(catalog, new FakeTime(T0)), Config);
        return (new MonitorPipeline(new CheckTracker(catalog), writer, new MonitorMetrics(_services.GetRequiredService<IMeterFactory>()), [], events), writer);
    }

    private async Task<IReadOnlyList<DomainEvent>> EventsAsync()
    {
        await using var c = await Db.OpenAsync(CancellationToken.None);
        return await DomainEventRows.ReadAsync(c, 0, 100, CancellationToken.None);
    }

    private static Dictionary<string, string> Detail(DomainEvent e) => JsonSerializer.Deserialize<Dictionary<string, string>>(e.Detail!)!;
}
