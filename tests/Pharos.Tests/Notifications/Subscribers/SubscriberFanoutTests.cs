using Dapper;
using Pharos.Domain;
using Pharos.Notifications;
using Pharos.Notifications.Outbox;
using Pharos.Notifications.Routing;
using Pharos.Notifications.Subscribers;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Notifications.Subscribers;

/// <summary>Who hears about what: component choices, merchants' hostnames, and the fanout to many as one statement.</summary>
public sealed class SqliteSubscriberFanoutTests() : SubscriberFanoutTests(SqlDialect.Sqlite);

public sealed class PostgresSubscriberFanoutTests() : SubscriberFanoutTests(SqlDialect.Postgres);

/// <summary>These tests, run with the app on SQLite and on PostgreSQL.</summary>
public abstract class SubscriberFanoutTests(SqlDialect dialect) : DialectAppTests(dialect)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    [SkippableFact]
    public async Task A_component_choice_is_honoured_and_no_choice_means_everything()
    {
        var mail = new MailboxChannel();
        await using var app = await SubscriberTests.StartAsync(Dialect, mail);
        await app.SubscribeConfirmedAsync(mail, "forum@shop.example", ["forum"]);
        await app.SubscribeConfirmedAsync(mail, "all@shop.example");
        await app.SubscribeConfirmedAsync(mail, "app@shop.example", ["app", "admin"]);

        var appIncident = await app.OpenIncidentAsync("Checkout down", "app");
        var forumIncident = await app.OpenIncidentAsync("Forum slow", "forum");

        await Eventually.TrueAsync(() => mail.Sent.Count(m => m.Notice.Kind == "incident.update_posted") == 4, Within, "four incident messages");
        Subjects(mail, "all@shop.example").ShouldBe([appIncident.Id, forumIncident.Id], ignoreOrder: true);
        Subjects(mail, "app@shop.example").ShouldBe([appIncident.Id]);
        Subjects(mail, "forum@shop.example").ShouldBe([forumIncident.Id]);
    }

    [SkippableFact]
    public async Task A_merchant_subscribed_to_one_hostname_hears_about_that_hostname_only()
    {
        var mail = new MailboxChannel();
        await using var app = await SubscriberTests.StartAsync(Dialect, mail, SubscriberTests.Yaml, "a.shops.example", "b.shops.example");
        await app.SubscribeConfirmedAsync(mail, "merchant-a@shops.example", hostname: "a.shops.example");
        await app.SubscribeConfirmedAsync(mail, "everyone@shops.example");

        await app.RaiseCheckAsync(EventKinds.CheckDown, "storefront@b.shops.example", "b.shops.example");
        await app.RaiseCheckAsync(EventKinds.CheckDown, "storefront@a.shops.example", "a.shops.example");
        await app.RaiseCheckAsync(EventKinds.CheckUp, "storefront@a.shops.example", "a.shops.example");
        var incident = await app.OpenIncidentAsync("Checkout down", "app");

        await Eventually.TrueAsync(() => mail.To("merchant-a@shops.example").Count(m => m.Notice.SubjectType == "check") == 2 && mail.To("everyone@shops.example").Count(m => m.Notice.SubjectId == incident.Id) == 1,
            Within, "the merchant's two check messages and the incident for everyone");
        await app.Services.GetRequiredService<EventRouter>().RouteOnceAsync(CancellationToken.None);
        mail.To("merchant-a@shops.example").Where(m => m.Notice.Kind != SubscriptionService.ConfirmationKind).Select(m => m.Notice.Kind)
            .ShouldBe([EventKinds.CheckDown, EventKinds.CheckUp], "in order, about a.shops.example only, and no incident");
        mail.To("merchant-a@shops.example").ShouldAllBe(m => m.Notice.SubjectType != "check" || m.Notice.SubjectId == "storefront@a.shops.example");
        mail.To("everyone@shops.example").ShouldNotContain(m => m.Notice.SubjectType == "check", "check events go to their hostname's subscribers only");
    }

    [SkippableFact]
    public async Task A_hostname_not_monitored_is_refused_by_the_form()
    {
        var mail = new MailboxChannel();
        await using var app = await SubscriberTests.StartAsync(Dialect, mail, SubscriberTests.Yaml, "a.shops.example");
        using var visitor = new Visitor(app);

        var response = await visitor.SubscribeAsync("email", "m@shops.example", hostname: "evil.example");

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("data-error-for=\"hostname\"");
    }

    [SkippableFact]
    public async Task Ten_thousand_subscribers_get_one_row_each_from_a_single_fanout()
    {
        using var dir = new TempDir();
        var db = await TestDatabases.CreateAsync(Dialect, dir);
        var now = DateTimeOffset.UtcNow;
        await using (var c = await db.OpenAsync(CancellationToken.None))
        await using (var tx = await c.BeginTransactionAsync())
        {
            // 10,000 confirmed email subscribers (every 10th chose "forum" only), 100 webhooks, 50 unconfirmed, 50 gone, 20 merchants.
            await c.ExecuteAsync(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10220)
                INSERT INTO subscribers (id, kind, address, address_key, hostname, created_at, confirmed_at, unsubscribed_at)
                SELECT 's' || i, CASE WHEN i BETWEEN 10001 AND 10100 THEN 'webhook' ELSE 'email' END,
                       'u' || i || '@x.example', 'u' || i || '@x.example',
                       CASE WHEN i > 10200 THEN 'a.shops.example' END, @now,
                       CASE WHEN i BETWEEN 10101 AND 10150 THEN NULL ELSE @now END,
                       CASE WHEN i BETWEEN 10151 AND 10200 THEN @now END
                FROM n
                """, new { now = now.ToUnixTimeMilliseconds() }, tx);
            await c.ExecuteAsync("INSERT INTO subscriber_components (subscriber_id, component_id) SELECT id, 'forum' FROM subscribers WHERE CAST(substr(id, 2) AS INTEGER) % 10 = 0 AND CAST(substr(id, 2) AS INTEGER) <= 10000", transaction: tx);
            await tx.CommitAsync();
        }

        var fanout = new SubscriberFanout(new SubscribersConfig { Enabled = true, EmailChannel = "mail" }, TimeProvider.System);
        var outbox = new SqliteOutboxStore(db);
        var e = new DomainEvent("incident.update_posted", "incident", "inc1", now) { Sequence = 42 };
        await using (var c = await db.OpenAsync(CancellationToken.None))
        await using (var tx = await c.BeginTransactionAsync())
        {
            var notice = new Notice { Kind = e.Kind, SubjectType = "incident", SubjectId = "inc1", Title = "t", Text = "x", At = now, EventSequence = 42, Data = new Dictionary<string, string> { [NoticeData.Components] = "app" } };
            notice = notice with { Id = await outbox.AddNoticeAsync(c, tx, notice, CancellationToken.None) };
            await fanout.FanOutAsync(c, tx, e, notice, CancellationToken.None);
            // The router may meet the same event again after a crash: nothing is doubled.
            await fanout.FanOutAsync(c, tx, e, notice, CancellationToken.None);
            await tx.CommitAsync();
        }

        await using var read = await db.OpenAsync(CancellationToken.None);
        var byChannel = (await read.QueryAsync<(string Channel, long Count)>("SELECT channel, count(*) FROM outbox GROUP BY channel ORDER BY channel")).ToList();
        byChannel.ShouldBe([("mail", 9000L), (SubscriberKinds.WebhookChannel, 100L)]);
        (await read.ExecuteScalarAsync<long>("SELECT count(*) FROM outbox WHERE ordering_key = 'sub:' || recipient AND idempotency_key = '42:sub:' || recipient")).ShouldBe(9100);
    }

    [SkippableFact]
    public async Task Scheduling_maintenance_sends_one_message_and_later_updates_follow()
    {
        var mail = new MailboxChannel();
        await using var app = await SubscriberTests.StartAsync(Dialect, mail);
        await app.SubscribeConfirmedAsync(mail, "ops@shop.example", ["admin"]);
        var writer = app.Store.Writer(TimeProvider.System, app.Services.GetRequiredService<EventRouter>());
        var start = DateTimeOffset.UtcNow.AddDays(1);

        var m = (await writer.CreateMaintenanceAsync(Audit.Actor.System("test"), "maintenance.create",
            (now, _) => Maintenance.Schedule("Database upgrade", IncidentImpact.Minor, start, start.AddHours(1), ["admin"], "We will upgrade the database.", now),
            x => "scheduled", CancellationToken.None)).Written("maintenance");
        await writer.ChangeMaintenanceAsync(m.Id, Audit.Actor.System("test"), "maintenance.update",
            (x, now, _) => x.Post(new MaintenanceChange(), "The window is confirmed.", now), x => "update", CancellationToken.None);

        await Eventually.TrueAsync(() => mail.To("ops@shop.example").Count(x => x.Notice.SubjectId == m.Id) == 2, Within, "two maintenance messages");
        await app.Services.GetRequiredService<EventRouter>().RouteOnceAsync(CancellationToken.None);
        mail.To("ops@shop.example").Where(x => x.Notice.SubjectId == m.Id).Select(x => x.Notice.Kind).ShouldBe(["maintenance.scheduled", "maintenance.update_posted"]);
    }

    private static List<string> Subjects(MailboxChannel mail, string address) =>
        mail.To(address).Where(m => m.Notice.Kind == "incident.update_posted").Select(m => m.Notice.SubjectId).ToList();
}
