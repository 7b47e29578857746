using System.Net;
using Pharos.Audit;
using Pharos.Notifications;
using Pharos.Notifications.Alerts;
using Pharos.Tests.Support;
using Pharos.Storage;

namespace Pharos.Tests.Notifications.Ops;

public sealed class SqliteAcknowledgeLinkTests() : AcknowledgeLinkTests(SqlDialect.Sqlite);

public sealed class PostgresAcknowledgeLinkTests() : AcknowledgeLinkTests(SqlDialect.Postgres);

/// <summary>These tests, run with the app on SQLite and on PostgreSQL.</summary>
public abstract class AcknowledgeLinkTests(SqlDialect dialect) : DialectAppTests(dialect), IAsyncLifetime
{
    private readonly CapturingChannel _primary = new("primary");
    private readonly CapturingChannel _pager = new("pager");
    private TestApp _app = null!;
    private FakeTime _time = null!;

    public async Task InitializeAsync() =>
        (_app, _time) = await OpsHost.StartAsync(Dialect, OpsHost.Escalating(OpsHost.Nowhere), _primary, _pager);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private string LinkFor(long noticeId) => _app.Services.GetRequiredService<NotificationLinks>().Acknowledge(noticeId).PathAndQuery;

    [SkippableFact]
    public async Task The_message_carries_the_link_and_a_get_only_shows_the_button()
    {
        var id = await _app.RaiseDownAsync("web", "Web <b>down</b>");
        await Eventually.TrueAsync(() => _primary.Delivered.Any(m => m.Notice.Id == id), TimeSpan.FromSeconds(10), "the alert is delivered");
        var sent = _primary.Delivered.First(m => m.Notice.Id == id);
        sent.AcknowledgeUrl.ShouldNotBeNull().PathAndQuery.ShouldBe(LinkFor(id));

        // A mail scanner opening the link twice must not acknowledge anything.
        for (var i = 0; i < 2; i++)
        {
            var page = await _app.Client.GetAsync(LinkFor(id));
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
            page.Headers.CacheControl!.NoStore.ShouldBeTrue();
            var html = await page.Content.ReadAsStringAsync();
            html.ShouldContain("id=\"acknowledge\"");
            html.ShouldContain("Web &lt;b&gt;down&lt;/b&gt;");
            html.ShouldContain($"action=\"{LinkFor(id)}\"");
        }

        var alert = (await _app.Services.GetRequiredService<AlertService>().FindAsync(id, CancellationToken.None)).ShouldHaveSingleItem();
        alert.AcknowledgedAt.ShouldBeNull("GET does not acknowledge");
    }

    [SkippableFact]
    public async Task A_bad_signature_is_403_for_get_and_post_and_acknowledges_nothing()
    {
        var id = await _app.RaiseDownAsync("web");
        var other = await _app.RaiseDownAsync("db");
        var wrong = $"/notifications/ack/{id}?sig=" + LinkFor(other).Split("sig=")[1];
        (await _app.Client.GetAsync(wrong)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _app.Client.PostAsync(wrong, null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _app.Client.PostAsync($"/notifications/ack/{id}", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _app.Client.PostAsync($"/notifications/ack/{id}?sig=AAAAAAAAAAAAAAAAAAAAAAAA", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _app.Services.GetRequiredService<AlertService>().ListAsync(true, 10, CancellationToken.None)).Count.ShouldBe(2);
    }

    [SkippableFact]
    public async Task Posting_the_link_acknowledges_as_the_link_and_stops_escalation()
    {
        var acked = await _app.RaiseDownAsync("web");
        var other = await _app.RaiseDownAsync("db");
        var response = await _app.Client.PostAsync(LinkFor(acked), null);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Acknowledged");

        var alert = (await _app.Services.GetRequiredService<AlertService>().FindAsync(acked, CancellationToken.None)).ShouldHaveSingleItem();
        alert.AcknowledgedBy.ShouldBe("link:ack");
        var audit = (await _app.AuditAsync("alert.acknowledge")).ShouldHaveSingleItem();
        audit.Actor.Kind.ShouldBe(Actor.LinkKind);
        audit.Actor.Address.ShouldBe("127.0.0.1");

        var again = await _app.Client.PostAsync(LinkFor(acked), null);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).ShouldContain("Already acknowledged by link:ack");
        (await (await _app.Client.GetAsync(LinkFor(acked))).Content.ReadAsStringAsync()).ShouldNotContain("id=\"acknowledge\"");

        await _app.AssertOnlyUnacknowledgedEscalatesAsync(_time, acked, other);
    }

    [SkippableFact]
    public async Task A_resolved_alert_says_so()
    {
        var id = await _app.RaiseDownAsync("web");
        var now = _time.GetUtcNow();
        await _app.Services.GetRequiredService<IAlertSink>().RaiseAsync(
            OperationalEvent.Create(EventKinds.CheckUp, "check", "web", now, "system:monitoring", "Web up", "It answers again."), CancellationToken.None);
        await Eventually.TrueAsync(async () => (await _app.Services.GetRequiredService<AlertService>().FindAsync(id, CancellationToken.None))[0].ResolvedAt is not null,
            TimeSpan.FromSeconds(10), "the recovery resolves the alert");

        var response = await _app.Client.PostAsync(LinkFor(id), null);
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Already resolved");
    }
}
