using Pharos.Accounts;
using Pharos.Audit;
using Pharos.Domain;
using Pharos.Notifications;
using Pharos.Notifications.Routing;
using Pharos.Tests.Support;
using Pharos.Storage;

namespace Pharos.Tests.Notifications;

/// <summary>Routes decide which events reach which channels, how often, when, and in how many messages.</summary>
public sealed class SqliteRoutingTests() : RoutingTests(SqlDialect.Sqlite);

public sealed class PostgresRoutingTests() : RoutingTests(SqlDialect.Postgres);

/// <summary>These tests, run with the app on SQLite and on PostgreSQL.</summary>
public abstract class RoutingTests(SqlDialect dialect) : DialectAppTests(dialect)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    private static NotificationsConfig Config(params RouteConfig[] routes) => new() { Routes = routes };

    private static RouteConfig Route(string id, string events, params string[] channels) =>
        new() { Id = id, Events = [events], Channels = channels };

    [SkippableFact]
    public async Task An_incident_update_reaches_the_routed_channel_once_with_its_text_and_link()
    {
        await using var app = await NotifyApp.StartAsync(Dialect, Config(Route("people", "incident.*", "ops"), Route("checks", "check.*", "pager")), "ops", "pager");
        var written = await app.Writer.CreateIncidentAsync(Actor.System("test"), "incident.create",
            (now, _) => Incident.Open("Checkout errors", IncidentStatus.Investigating, new Dictionary<string, ComponentStatus> { ["app"] = ComponentStatus.MajorOutage }, "Payments fail for <b>some</b> shops", now),
            i => i.Name, CancellationToken.None);
        written.Value.ShouldNotBeNull();

        await Eventually.TrueAsync(() => app["ops"].Delivered.Count >= 2, Within, "the opening and its update delivered");
        var kinds = app["ops"].Delivered.Select(m => m.Notice.Kind).ToList();
        kinds.ShouldBe(["incident.opened", "incident.update_posted"], ignoreOrder: true);
        var update = app["ops"].Delivered.Single(m => m.Notice.Kind == "incident.update_posted");
        update.Notice.Title.ShouldBe("Investigating: Checkout errors");
        update.Notice.Text.ShouldBe("Payments fail for <b>some</b> shops");
        update.Notice.Url.ShouldBe($"http://status.test.example/incidents/{written.Value!.Id}");
        update.Notice.Data[NoticeData.Components].ShouldBe("app");
        app["pager"].Calls.ShouldBe(0);

        // Nothing more comes later: each event was routed once.
        await app.AdvanceAsync(TimeSpan.FromSeconds(30));
        app["ops"].Delivered.Count.ShouldBe(2);
        app["ops"].Delivered.Select(m => m.IdempotencyKey).Distinct().Count().ShouldBe(2);
        using var api = await app.App.ApiClientAsync(Scopes.Read);
        (await api.GetStringAsync("/metrics")).ShouldContain("pharos_notifications_delivered_total{channel=\"ops\"} 2");
    }

    [SkippableFact]
    public async Task A_minimum_interval_lets_one_message_per_kind_and_subject_through()
    {
        await using var app = await NotifyApp.StartAsync(Dialect, Config(Route("checks", "check.*", "ops") with { MinInterval = TimeSpan.FromMinutes(5) }), "ops");
        await app.RaiseAsync(EventKinds.CheckDown, "check", "web", "web is down");
        await app.RaiseAsync(EventKinds.CheckDown, "check", "web", "web is down again");
        await app.RaiseAsync(EventKinds.CheckDown, "check", "api", "api is down");
        await app.RaiseAsync(EventKinds.CheckUp, "check", "web", "web is up");
        await app.RoutedAsync();
        await Eventually.TrueAsync(() => app["ops"].Delivered.Count == 3, Within, "three messages");
        app["ops"].Delivered.Select(m => m.Notice.Title).ShouldBe(["web is down", "api is down", "web is up"], ignoreOrder: true);

        await app.AdvanceAsync(TimeSpan.FromMinutes(6), TimeSpan.FromSeconds(30));
        await app.RaiseAsync(EventKinds.CheckDown, "check", "web", "web is down a third time");
        await Eventually.TrueAsync(() => app["ops"].Delivered.Any(m => m.Notice.Title == "web is down a third time"), Within, "the repeat after the interval");
    }

    [SkippableFact]
    public async Task Quiet_hours_hold_back_warnings_until_they_end_but_never_critical_events()
    {
        // 12:00 UTC is 13:00 in Berlin (winter): inside a 12:30–14:00 window.
        var quiet = new QuietHours(new TimeOnly(12, 30), new TimeOnly(14, 0), "Europe/Berlin");
        await using var app = await NotifyApp.StartAsync(Dialect, Config(Route("all", "*", "ops") with { QuietHours = quiet }), "ops");
        await app.RaiseAsync(EventKinds.CertificateExpiring, "certificate", "shop.example", "certificate expires in 9 days");
        await app.RaiseAsync(EventKinds.CheckDown, "check", "web", "web is down");
        await Eventually.TrueAsync(() => app["ops"].Delivered.Count == 1, Within, "the critical message");
        app["ops"].Delivered[0].Notice.Kind.ShouldBe(EventKinds.CheckDown);

        await app.AdvanceAsync(TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(1));
        app["ops"].Delivered.Count.ShouldBe(1, "still inside the quiet hours");
        await app.AdvanceAsync(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => app["ops"].Delivered.Count == 2, Within, "the warning after the quiet hours");
    }

    [SkippableFact]
    public void Quiet_hours_over_midnight_release_at_the_end_in_the_zone_across_a_dst_change()
    {
        var quiet = new QuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0), "America/New_York");
        // 2026-03-08 is the spring-forward night in New York: 23:00 EST is 04:00 UTC; 07:00 EDT is 11:00 UTC.
        quiet.Release(new DateTimeOffset(2026, 3, 8, 4, 0, 0, TimeSpan.Zero)).ShouldBe(new DateTimeOffset(2026, 3, 8, 11, 0, 0, TimeSpan.Zero));
        // 12:00 EDT is outside: at once.
        var noon = new DateTimeOffset(2026, 3, 9, 16, 0, 0, TimeSpan.Zero);
        quiet.Release(noon).ShouldBe(noon);
        // 03:00 EST (after midnight, inside): released at 07:00 the same morning.
        quiet.Release(new DateTimeOffset(2026, 1, 10, 8, 0, 0, TimeSpan.Zero)).ShouldBe(new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero));
    }

    [SkippableFact]
    public async Task A_burst_within_the_group_window_goes_out_as_one_message()
    {
        await using var app = await NotifyApp.StartAsync(Dialect, Config(Route("checks", "check.*", "ops") with { Group = TimeSpan.FromSeconds(30) }), "ops");
        for (var i = 0; i < 5; i++)
        {
            await app.RaiseAsync(EventKinds.CheckDown, "check", $"c{i}", $"c{i} is down");
        }

        await app.RoutedAsync();
        await app.AdvanceAsync(TimeSpan.FromSeconds(20));
        app["ops"].Calls.ShouldBe(0, "the group window is still open");
        await app.AdvanceAsync(TimeSpan.FromSeconds(15));
        await Eventually.TrueAsync(() => app["ops"].Delivered.Count == 1, Within, "one grouped message");
        var message = app["ops"].Delivered[0];
        message.All.Select(n => n.Title).ShouldBe(Enumerable.Range(0, 5).Select(i => $"c{i} is down"));

        // The other four are recorded as sent within that message, not sent again.
        await app.AdvanceAsync(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10));
        app["ops"].Calls.ShouldBe(1);
        (await app.Outbox.StatsAsync(CancellationToken.None)).Pending.ShouldBe(0);
    }

    [SkippableFact]
    public async Task An_unacknowledged_alert_escalates_to_the_next_channel_and_a_recovery_stops_the_next()
    {
        var route = Route("oncall", "check.*", "first") with { EscalateAfter = TimeSpan.FromMinutes(10), EscalateTo = ["boss"] };
        await using var app = await NotifyApp.StartAsync(Dialect, Config(route), "first", "boss");
        await app.RaiseAsync(EventKinds.CheckDown, "check", "web", "web is down");
        await Eventually.TrueAsync(() => app["first"].Delivered.Count == 1, Within, "the first message");
        app["first"].Delivered[0].AcknowledgeUrl.ShouldNotBeNull().AbsoluteUri.ShouldStartWith("http://status.test.example/notifications/ack/");

        await app.AdvanceAsync(TimeSpan.FromMinutes(9), TimeSpan.FromSeconds(30));
        app["boss"].Calls.ShouldBe(0);
        await app.AdvanceAsync(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => app["boss"].Delivered.Count == 1, Within, "the escalation");
        app["boss"].Delivered[0].Notice.Title.ShouldBe("web is down");

        // A second outage that recovers before its escalation time does not escalate.
        await app.RaiseAsync(EventKinds.CheckDown, "check", "api", "api is down");
        await app.RaiseAsync(EventKinds.CheckUp, "check", "api", "api is up");
        await app.RoutedAsync();
        await app.AdvanceAsync(TimeSpan.FromMinutes(12), TimeSpan.FromSeconds(30));
        app["boss"].Delivered.Count.ShouldBe(1);
    }
}
