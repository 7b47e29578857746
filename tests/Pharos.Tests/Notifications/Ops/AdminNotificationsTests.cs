using System.Net;
using Pharos.Accounts;
using Pharos.Notifications;
using Pharos.Notifications.Alerts;
using Pharos.Notifications.Channels;
using Pharos.Notifications.Outbox;
using Pharos.Tests.Support;
using Pharos.Storage;

namespace Pharos.Tests.Notifications.Ops;

public sealed class SqliteAdminNotificationsTests() : AdminNotificationsTests(SqlDialect.Sqlite);

public sealed class PostgresAdminNotificationsTests() : AdminNotificationsTests(SqlDialect.Postgres);

/// <summary>These tests, run with the app on SQLite and on PostgreSQL.</summary>
public abstract class AdminNotificationsTests(SqlDialect dialect) : DialectAppTests(dialect), IAsyncLifetime
{
    private readonly CapturingChannel _primary = new("primary");
    private readonly CapturingChannel _backup = new("backup");
    private readonly CapturingChannel _pager = new("pager");
    private TestApp _app = null!;
    private FakeTime _time = null!;

    public async Task InitializeAsync()
    {
        (_app, _time) = await OpsHost.StartAsync(Dialect, OpsHost.Escalating(OpsHost.Nowhere), _primary, _backup, _pager);
        await _app.AddUserAsync("editor");
        await _app.AddUserAsync("viewer", UserRole.Viewer);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [SkippableFact]
    public async Task Pages_render_and_encode_a_hostile_notice_title()
    {
        var id = await _app.RaiseDownAsync("web", "<script>alert('x')</script> & down");
        using var browser = new AdminBrowser(_app);
        await browser.SignInAsync("viewer");

        var list = await browser.GetAsync("/admin/notifications");
        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        list.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var html = await list.Content.ReadAsStringAsync();
        html.ShouldNotContain("<script>alert");
        html.ShouldContain("&lt;script&gt;alert(");
        html.ShouldContain($"data-notice-id=\"{id}\"");
        html.ShouldContain("data-route-id=\"oncall\"");
        html.ShouldContain("data-channel-id=\"pager\"");
        html.ShouldNotContain("Acknowledge</button>", Case.Sensitive, "a viewer sees no buttons");

        var message = (await _app.Services.GetRequiredService<IOutboxStore>().ListAsync(null, 10, CancellationToken.None)).First(e => e.NoticeId == id);
        var detail = await browser.GetAsync($"/admin/notifications/messages/{message.Id}");
        detail.StatusCode.ShouldBe(HttpStatusCode.OK);
        var detailHtml = await detail.Content.ReadAsStringAsync();
        detailHtml.ShouldNotContain("<script>alert");
        detailHtml.ShouldContain("&lt;script&gt;alert(");
        detailHtml.ShouldContain("check.down");
        detailHtml.ShouldContain("critical");
        (await browser.GetAsync("/admin/notifications/messages/999999")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task Resending_a_dead_letter_puts_it_back_through_its_first_channel_and_is_audited()
    {
        _primary.Answer = (_, _) => DeliveryResult.Fail("550 mailbox unavailable");
        _backup.Answer = (_, _) => DeliveryResult.Fail("404 no such hook");
        var notice = await _app.RaiseDownAsync("db");
        var store = _app.Services.GetRequiredService<IOutboxStore>();
        OutboxEntry? dead = null;
        await Eventually.TrueAsync(async () =>
        {
            dead = (await store.ListAsync(OutboxStatus.Dead, 10, CancellationToken.None)).FirstOrDefault(e => e.NoticeId == notice);
            return dead is not null;
        }, TimeSpan.FromSeconds(10), "the message dies after its channel and its fallback refuse it");
        dead!.Channel.ShouldBe("backup");
        dead.Tried.ShouldBe(["primary", "backup"]);

        using var browser = new AdminBrowser(_app);
        await browser.SignInAsync("editor");
        var page = await (await browser.GetAsync("/admin/notifications?status=dead")).Content.ReadAsStringAsync();
        page.ShouldContain($"/admin/notifications/messages/{dead.Id}/resend");

        _primary.Answer = (_, _) => DeliveryResult.Ok();
        var before = _primary.Delivered.Count;
        var response = await browser.PostFormAsync($"/admin/notifications/messages/{dead.Id}", $"/admin/notifications/messages/{dead.Id}/resend", []);
        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);

        await Eventually.TrueAsync(async () => (await store.GetAsync(dead.Id, CancellationToken.None))!.Status == OutboxStatus.Sent, TimeSpan.FromSeconds(10), "the re-sent message is delivered");
        var sent = (await store.GetAsync(dead.Id, CancellationToken.None))!;
        sent.Channel.ShouldBe("primary", "back through its first channel");
        _primary.Delivered.Count.ShouldBe(before + 1);
        _primary.Delivered[^1].IdempotencyKey.ShouldBe(dead.IdempotencyKey, "the same key, so a receiver can drop a repeat");
        var attempts = await store.GetAttemptsAsync(dead.Id, CancellationToken.None);
        attempts.Select(a => (a.Channel, a.Ok)).ShouldBe([("primary", false), ("backup", false), ("primary", true)]);

        var audit = await _app.AuditAsync("notification.resend");
        audit.ShouldHaveSingleItem().TargetId.ShouldBe(dead.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        audit[0].Actor.Name.ShouldBe("editor");

        var again = await browser.PostFormAsync($"/admin/notifications/messages/{dead.Id}", $"/admin/notifications/messages/{dead.Id}/resend", []);
        again.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        again.Headers.Location!.ToString().ShouldContain("not");
        (await _app.AuditAsync("notification.resend")).Count.ShouldBe(1, "a message that is not dead is not re-sent");
    }

    [SkippableFact]
    public async Task Resend_without_the_form_token_or_by_a_viewer_is_refused()
    {
        _primary.Answer = (_, _) => DeliveryResult.Fail("550");
        _backup.Answer = (_, _) => DeliveryResult.Fail("550");
        var notice = await _app.RaiseDownAsync("cache");
        var store = _app.Services.GetRequiredService<IOutboxStore>();
        OutboxEntry? dead = null;
        await Eventually.TrueAsync(async () =>
        {
            dead = (await store.ListAsync(OutboxStatus.Dead, 10, CancellationToken.None)).FirstOrDefault(e => e.NoticeId == notice);
            return dead is not null;
        }, TimeSpan.FromSeconds(10), "the message is dead");

        using var editor = new AdminBrowser(_app);
        await editor.SignInAsync("editor");
        var url = $"/admin/notifications/messages/{dead!.Id}/resend";
        (await editor.PostFormAsync("/admin/notifications", url, [], withToken: false)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        using var viewer = new AdminBrowser(_app);
        await viewer.SignInAsync("viewer");
        (await viewer.PostFormAsync("/admin/notifications", url, [])).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await store.GetAsync(dead.Id, CancellationToken.None))!.Status.ShouldBe(OutboxStatus.Dead);
        (await _app.AuditAsync("notification.resend")).ShouldBeEmpty();
    }

    [SkippableFact]
    public async Task Acknowledging_in_the_admin_stops_escalation()
    {
        var acked = await _app.RaiseDownAsync("api");
        var other = await _app.RaiseDownAsync("shop");
        using var browser = new AdminBrowser(_app);
        await browser.SignInAsync("editor");
        var response = await browser.PostFormAsync("/admin/notifications", $"/admin/notifications/alerts/{acked}/acknowledge", []);
        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);

        var alert = (await _app.Services.GetRequiredService<AlertService>().FindAsync(acked, CancellationToken.None)).ShouldHaveSingleItem();
        alert.AcknowledgedBy.ShouldBe("user:editor");
        (await _app.AuditAsync("alert.acknowledge")).ShouldHaveSingleItem().TargetId.ShouldBe(acked.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await _app.AssertOnlyUnacknowledgedEscalatesAsync(_time, acked, other);
        await Eventually.TrueAsync(() => _pager.Delivered.Any(m => m.Notice.Id == other), TimeSpan.FromSeconds(10), "the pager gets the escalation");
        _pager.Delivered.ShouldNotContain(m => m.Notice.Id == acked);
    }

    [SkippableFact]
    public async Task Test_message_goes_through_that_channel_alone_and_is_audited()
    {
        using var browser = new AdminBrowser(_app);
        await browser.SignInAsync("editor");
        var response = await browser.PostFormAsync("/admin/notifications", "/admin/notifications/channels/pager/test", []);
        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        response.Headers.Location!.ToString().ShouldStartWith("/admin/notifications/messages/");

        await Eventually.TrueAsync(() => _pager.Delivered.Any(m => m.Notice.Kind == EventKinds.Test), TimeSpan.FromSeconds(10), "the pager gets the test message");
        _primary.Delivered.ShouldNotContain(m => m.Notice.Kind == EventKinds.Test);
        (await _app.AuditAsync("notification.test")).ShouldHaveSingleItem().TargetId.ShouldBe("pager");

        var missing = await browser.PostFormAsync("/admin/notifications", "/admin/notifications/channels/nowhere/test", []);
        missing.Headers.Location!.ToString().ShouldBe("/admin/notifications?notice=" + Uri.EscapeDataString("There is no channel 'nowhere'."));
    }

    [SkippableFact]
    public async Task The_outbox_pages_newest_first_and_filters_by_status()
    {
        _pager.Answer = (_, _) => DeliveryResult.Fail("410 gone");
        for (var i = 0; i < 55; i++)
        {
            await _app.Operations().SendTestAsync("primary", Pharos.Audit.Actor.Cli, CancellationToken.None);
        }

        var dead = await _app.Operations().SendTestAsync("pager", Pharos.Audit.Actor.Cli, CancellationToken.None);
        var store = _app.Services.GetRequiredService<IOutboxStore>();
        await Eventually.TrueAsync(async () => (await store.GetAsync(dead!.Value, CancellationToken.None))!.Status == OutboxStatus.Dead, TimeSpan.FromSeconds(10), "the pager's message dies");

        using var browser = new AdminBrowser(_app);
        await browser.SignInAsync("viewer");
        var first = await (await browser.GetAsync("/admin/notifications")).Content.ReadAsStringAsync();
        var ids = System.Text.RegularExpressions.Regex.Matches(first, "data-message-id=\"(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        ids.Count.ShouldBe(Pharos.Admin.NotificationEndpoints.PageSize);
        ids.ShouldBe(ids.OrderByDescending(x => x).ToList(), "newest first");
        ids[0].ShouldBe(dead!.Value);
        first.ShouldContain($"before={ids[^1]}");

        var second = await (await browser.GetAsync($"/admin/notifications?before={ids[^1]}")).Content.ReadAsStringAsync();
        System.Text.RegularExpressions.Regex.Matches(second, "data-message-id=").Count.ShouldBe(6);
        second.ShouldNotContain("id=\"older\"");

        var deadOnly = await (await browser.GetAsync("/admin/notifications?status=dead")).Content.ReadAsStringAsync();
        System.Text.RegularExpressions.Regex.Matches(deadOnly, "data-message-id=").Count.ShouldBe(1);
        deadOnly.ShouldContain($"data-message-id=\"{dead.Value}\" data-status=\"dead\"");
        deadOnly.ShouldNotContain("Re-send</button>", Case.Sensitive, "a viewer cannot re-send");
    }
}
