using System.Net;
using Pharos.Audit;
using Pharos.Notifications;
using Pharos.Notifications.Channels;
using Pharos.Domain;
using Pharos.Notifications.Health;
using Pharos.Notifications.Outbox;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Notifications.Ops;

public sealed class HealthTests
{
    [Fact]
    public async Task Healthz_answers_ok_uncached_without_a_sign_in()
    {
        await using var app = await TestApp.StartAsync();
        var response = await app.Client.GetAsync("/healthz");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("ok");
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        using var head = new HttpRequestMessage(HttpMethod.Head, "/healthz");
        (await app.Client.SendAsync(head)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Readyz_is_ready_then_503_naming_the_outbox_when_a_message_waits_too_long()
    {
        var stuck = new CapturingChannel("stuck", (_, _) => DeliveryResult.Retry("451 try later"));
        var (app, time) = await OpsHost.StartAsync("", stuck);
        await using var _ = app;

        var ready = await app.Client.GetAsync("/readyz");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        ready.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var body = await ready.JsonAsync();
        body.GetProperty("status").GetString().ShouldBe("ready");
        body.GetProperty("checks").GetProperty("database").GetProperty("ok").GetBoolean().ShouldBeTrue();
        body.GetProperty("checks").GetProperty("outbox").GetProperty("pending").GetInt64().ShouldBe(0);
        body.GetProperty("checks").GetProperty("router").GetProperty("ok").GetBoolean().ShouldBeTrue();

        (await app.Operations().SendTestAsync("stuck", Actor.Cli, CancellationToken.None)).ShouldNotBeNull();
        await Eventually.TrueAsync(() => stuck.Calls > 0, TimeSpan.FromSeconds(10), "the first attempt is made and fails");
        time.Advance(TimeSpan.FromMinutes(4));
        (await app.Client.GetAsync("/readyz")).StatusCode.ShouldBe(HttpStatusCode.OK, "four minutes is within the limit");

        time.Advance(TimeSpan.FromMinutes(2));
        var notReady = await app.Client.GetAsync("/readyz");
        notReady.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var failed = await notReady.JsonAsync();
        failed.GetProperty("status").GetString().ShouldBe("not_ready");
        failed.GetProperty("failed").EnumerateArray().Select(f => f.GetString()).ShouldBe(["outbox"]);
        var outbox = failed.GetProperty("checks").GetProperty("outbox");
        outbox.GetProperty("ok").GetBoolean().ShouldBeFalse();
        outbox.GetProperty("pending").GetInt64().ShouldBe(1);
        outbox.GetProperty("oldest_pending_age_seconds").GetInt64().ShouldBeGreaterThanOrEqualTo(360);
        outbox.GetProperty("problem").GetString()!.ShouldContain("waited");
    }

    [Fact]
    public async Task Readyz_names_a_backlog_over_its_limit()
    {
        var stuck = new CapturingChannel("stuck") { Answer = (_, _) => DeliveryResult.Retry("busy") };
        var (app, _) = await OpsHost.StartAsync("""
            notifications:
              health:
                max_pending: 1
            """, stuck);
        await using var disposable = app;
        for (var i = 0; i < 2; i++)
        {
            await app.Operations().SendTestAsync("stuck", Actor.Cli, CancellationToken.None);
        }

        var response = await app.Client.GetAsync("/readyz");
        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var body = await response.JsonAsync();
        body.GetProperty("failed").EnumerateArray().Select(f => f.GetString()).ShouldBe(["outbox"]);
        body.GetProperty("checks").GetProperty("outbox").GetProperty("problem").GetString()!.ShouldContain("2 messages wait");
    }

    [Fact]
    public async Task Readiness_fails_when_events_wait_for_a_router_that_does_not_run()
    {
        // The probe alone on a database no router reads: events written pile up as they would behind a stuck router.
        using var dir = new TempDir();
        var db = new SqliteDatabase(Path.Combine(dir.Path, "pharos.db"));
        await new SqliteStatusStore(db).MigrateAsync(CancellationToken.None);
        var time = new FakeTime(OpsHost.Start);
        var config = new NotificationsConfig { Health = new HealthConfig { MaxRouterLag = TimeSpan.FromSeconds(30) } };
        var probe = new ReadinessProbe(db, new SqliteOutboxStore(db), config, time);
        (await probe.CheckAsync(CancellationToken.None)).Ready.ShouldBeTrue();

        await using (var c = await db.OpenAsync(CancellationToken.None))
        {
            await using var tx = await c.BeginTransactionAsync();
            await DomainEventRows.InsertAsync(c, tx, new DomainEvent("check.down", "check", "web", time.GetUtcNow()) { Actor = "test" }, CancellationToken.None);
            await tx.CommitAsync();
        }

        time.Advance(TimeSpan.FromSeconds(20));
        (await probe.CheckAsync(CancellationToken.None)).Ready.ShouldBeTrue("20 s behind is within the limit");
        time.Advance(TimeSpan.FromSeconds(20));
        var readiness = await probe.CheckAsync(CancellationToken.None);
        readiness.Ready.ShouldBeFalse();
        readiness.Failed.ShouldBe(["router"]);
        var router = readiness.Checks.Single(c => c.Name == "router");
        router.Values["events_behind"].ShouldBe(1L);
        router.Problem!.ShouldContain("1 events wait");
    }
}
