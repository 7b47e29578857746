using System.Net;
using Pharos.Accounts;
using Pharos.Notifications;
using Pharos.Notifications.Channels;
using Pharos.Notifications.Outbox;
using Pharos.Tests.Support;
using Pharos.Storage;

namespace Pharos.Tests.Notifications.Ops;

public sealed class SqliteNotificationsApiTests() : NotificationsApiTests(SqlDialect.Sqlite);

public sealed class PostgresNotificationsApiTests() : NotificationsApiTests(SqlDialect.Postgres);

/// <summary>These tests, run with the app on SQLite and on PostgreSQL.</summary>
public abstract class NotificationsApiTests(SqlDialect dialect) : DialectAppTests(dialect), IAsyncLifetime
{
    private readonly CapturingChannel _primary = new("primary");
    private readonly CapturingChannel _pager = new("pager");
    private readonly CapturingChannel _backup = new("backup");
    private TestApp _app = null!;
    private FakeTime _time = null!;

    public async Task InitializeAsync() =>
        (_app, _time) = await OpsHost.StartAsync(Dialect, OpsHost.Escalating(OpsHost.Nowhere), _primary, _backup, _pager);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [SkippableFact]
    public async Task Alerts_are_listed_and_acknowledged_through_the_api_which_stops_escalation()
    {
        var acked = await _app.RaiseDownAsync("web");
        var other = await _app.RaiseDownAsync("db");
        using var reader = await _app.ApiClientAsync(Scopes.Read);
        using var writer = await _app.ApiClientAsync(Scopes.Read, Scopes.NotificationsWrite);

        var open = await (await reader.GetAsync("/api/v1/alerts?open=true")).JsonAsync();
        open.EnumerateArray().Select(a => a.GetProperty("notice_id").GetInt64()).ShouldBe([other, acked], ignoreOrder: true);
        open[0].GetProperty("severity").GetString().ShouldBe("critical");

        (await reader.PostAsync($"/api/v1/alerts/{acked}/acknowledge", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "reading is not acting");
        var response = await writer.PostAsync($"/api/v1/alerts/{acked}/acknowledge", null);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.JsonAsync();
        body[0].GetProperty("acknowledged_by").GetString().ShouldBe("token:test");

        var again = await writer.PostAsync($"/api/v1/alerts/{acked}/acknowledge", null);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        again.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await writer.PostAsync("/api/v1/alerts/987654/acknowledge", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _app.AuditAsync("alert.acknowledge")).ShouldHaveSingleItem().Actor.Kind.ShouldBe("token");

        var still = await (await reader.GetAsync("/api/v1/alerts?open=true")).JsonAsync();
        still.EnumerateArray().Select(a => a.GetProperty("notice_id").GetInt64()).ShouldBe([other]);

        await _app.AssertOnlyUnacknowledgedEscalatesAsync(_time, acked, other);
    }

    [SkippableFact]
    public async Task Outbox_lists_by_status_shows_attempts_and_resends_a_dead_letter()
    {
        _primary.Answer = (_, _) => DeliveryResult.Fail("401 token revoked");
        _backup.Answer = (_, _) => DeliveryResult.Fail("404 no such hook");
        var notice = await _app.RaiseDownAsync("web");
        var store = _app.Services.GetRequiredService<IOutboxStore>();
        await Eventually.TrueAsync(async () => (await store.ListAsync(OutboxStatus.Dead, 10, CancellationToken.None)).Any(e => e.NoticeId == notice),
            TimeSpan.FromSeconds(10), "the message is dead");
        using var reader = await _app.ApiClientAsync(Scopes.Read);
        using var writer = await _app.ApiClientAsync(Scopes.NotificationsWrite);

        var dead = await (await reader.GetAsync("/api/v1/notifications/outbox?status=dead&limit=5")).JsonAsync();
        var id = dead.EnumerateArray().Single(e => e.GetProperty("notice_id").GetInt64() == notice).GetProperty("id").GetInt64();
        var detail = await (await reader.GetAsync($"/api/v1/notifications/outbox/{id}")).JsonAsync();
        detail.GetProperty("status").GetString().ShouldBe("dead");
        detail.GetProperty("notice").GetProperty("kind").GetString().ShouldBe(EventKinds.CheckDown);
        var attempt = detail.GetProperty("attempt_log").EnumerateArray().First();
        detail.GetProperty("attempt_log").GetArrayLength().ShouldBe(2, "the channel, then its fallback");
        attempt.GetProperty("channel").GetString().ShouldBe("primary");
        attempt.GetProperty("ok").GetBoolean().ShouldBeFalse();
        attempt.GetProperty("error").GetString().ShouldBe("401 token revoked");

        var bad = await reader.GetAsync("/api/v1/notifications/outbox?status=lost&limit=0");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        bad.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = (await bad.JsonAsync()).GetProperty("errors");
        errors.TryGetProperty("status", out _).ShouldBeTrue();
        errors.TryGetProperty("limit", out _).ShouldBeTrue();
        (await reader.GetAsync("/api/v1/notifications/outbox/424242")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await reader.PostAsync($"/api/v1/notifications/outbox/{id}/resend", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        _primary.Answer = (_, _) => DeliveryResult.Ok();
        var resend = await writer.PostAsync($"/api/v1/notifications/outbox/{id}/resend", null);
        resend.StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.TrueAsync(async () => (await store.GetAsync(id, CancellationToken.None))!.Status == OutboxStatus.Sent, TimeSpan.FromSeconds(10), "delivered after the re-send");
        (await _app.AuditAsync("notification.resend")).ShouldHaveSingleItem().Actor.Kind.ShouldBe("token");

        var notDead = await writer.PostAsync($"/api/v1/notifications/outbox/{id}/resend", null);
        notDead.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await notDead.JsonAsync()).GetProperty("errors").GetProperty("status")[0].GetString()!.ShouldContain("sent");
    }

    [SkippableFact]
    public async Task A_test_message_is_sent_through_the_named_channel()
    {
        using var writer = await _app.ApiClientAsync(Scopes.NotificationsWrite);
        var response = await writer.PostAsync("/api/v1/notifications/channels/pager/test", null);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await response.JsonAsync()).GetProperty("channel").GetString().ShouldBe("pager");
        await Eventually.TrueAsync(() => _pager.Delivered.Any(m => m.Notice.Kind == EventKinds.Test), TimeSpan.FromSeconds(10), "the pager gets it");
        (await writer.PostAsync("/api/v1/notifications/channels/nowhere/test", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task The_endpoints_are_in_the_openapi_document()
    {
        var doc = await (await _app.Client.GetAsync("/api/v1/openapi.json")).Content.ReadAsStringAsync();
        doc.ShouldContain("/api/v1/notifications/outbox/{id}/resend");
        doc.ShouldContain("/api/v1/alerts/{noticeId}/acknowledge");
    }

    [SkippableFact]
    public async Task With_real_webhooks_only_the_unacknowledged_alert_reaches_the_pager()
    {
        var bodies = new System.Collections.Concurrent.ConcurrentQueue<(string Path, string Body)>();
        await using var receiver = await LoopbackServer.StartAsync(async ctx =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            bodies.Enqueue((ctx.Request.Path.Value!, await reader.ReadToEndAsync()));
        });
        var (app, time) = await OpsHost.StartAsync(Dialect, OpsHost.Escalating(receiver.Url()));
        await using var disposable = app;
        var acked = await app.RaiseDownAsync("web");
        var other = await app.RaiseDownAsync("db");
        await Eventually.TrueAsync(() => bodies.Count(b => b.Path == "/primary") == 2, TimeSpan.FromSeconds(10), "both alerts reach the primary webhook");
        bodies.First(b => b.Body.Contains("\"subject_id\":\"web\"", StringComparison.Ordinal)).Body.ShouldContain($"/notifications/ack/{acked}?sig=");

        using var writer = await app.ApiClientAsync(Scopes.NotificationsWrite);
        (await writer.PostAsync($"/api/v1/alerts/{acked}/acknowledge", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await app.AssertOnlyUnacknowledgedEscalatesAsync(time, acked, other);
        await Eventually.TrueAsync(() => bodies.Any(b => b.Path == "/pager"), TimeSpan.FromSeconds(10), "the pager webhook gets the escalation");
        var pager = bodies.Where(b => b.Path == "/pager").ShouldHaveSingleItem();
        pager.Body.ShouldContain("\"subject_id\":\"db\"");
    }
}
