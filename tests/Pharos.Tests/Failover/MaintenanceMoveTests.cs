using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Pharos.Accounts;
using Pharos.Domain;
using Pharos.Failover;
using Pharos.Tests.Support;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.Tests.Failover;

/// <summary>
/// A maintenance window naming a policy moves its names to the standby at the window's start and back at its end,
/// with the built-in server and dig: under the fake clock, and once in real time with real checks.
/// </summary>
public sealed class MaintenanceMoveTests
{
    [SkippableFact]
    public async Task Under_the_fake_clock_the_names_move_at_the_start_and_back_at_the_end_with_the_page_showing_maintenance()
    {
        var port = FreePort();
        var time = new FakeTime(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        await using var app = await TestApp.StartAsync(BuiltinYaml(port), time: time);
        var controller = app.Services.GetRequiredService<FailoverController>();
        Healthy(controller, time, true, true);

        var start = time.GetUtcNow().AddMinutes(10);
        using var api = await app.ApiClientAsync(Scopes.Read, Scopes.MaintenanceWrite, Scopes.Admin);
        var created = await api.PostAsJsonAsync("/api/v1/maintenances", new
        {
            name = "Database upgrade",
            scheduled_for = start,
            scheduled_until = start.AddHours(1),
            components = new[] { "app" },
            message = "We upgrade the database; the shop is served from our standby meanwhile.",
            failover_policy = "shop",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        (await created.Content.ReadAsStringAsync()).ShouldContain("\"failover_policy\":\"shop\"");

        // Before the window nothing moves, however often the windows are compared.
        time.Advance(TimeSpan.FromMinutes(9));
        var moves = app.Services.GetRequiredService<MaintenanceMoves>();
        await moves.AlignAsync(CancellationToken.None);
        (await controller.CurrentAsync("shop")).State.ShouldBe(FailoverState.Primary);
        (await Dig("www.example.test", port)).ShouldBe("127.0.0.10");

        time.Advance(TimeSpan.FromMinutes(1));
        await UntilWithClock(time, async () => await Dig("www.example.test", port) == "127.0.0.20", "the move at the window's start");
        var state = await controller.CurrentAsync("shop");
        state.State.ShouldBe(FailoverState.Maintenance);
        (await Dig("customer-shop.example.test", port)).ShouldBe("127.0.0.20", "every name moved, the wildcard too");

        // The work takes the primary down: nothing else moves, and the page shows maintenance, not an outage.
        Healthy(controller, time, false, false, false, false);
        (await controller.CurrentAsync("shop")).State.ShouldBe(FailoverState.Maintenance);
        await app.RefreshAsync();
        app.Snapshot.StatusOf("app").ShouldBe(ComponentStatus.UnderMaintenance);
        app.Snapshot.Incidents.ShouldBeEmpty("a planned move is no outage");

        // The work is done before the end; at the end the names go back, verified on the nameserver.
        Healthy(controller, time, true, true);
        time.Advance(start.AddHours(1) - time.GetUtcNow());
        await UntilWithClock(time, async () => await Dig("www.example.test", port) == "127.0.0.10", "the move back at the window's end");
        await UntilWithClock(time, () => Task.FromResult(controller.StateOf("shop")!.State == FailoverState.Primary), "back on the primary");
        controller.StateOf("shop")!.MaintenanceId.ShouldBeNull();

        var history = (await app.Services.GetRequiredService<IFailoverStore>().GetTransitionsAsync("shop", 10, CancellationToken.None)).Reverse().ToList();
        history.Select(t => t.To).ShouldBe([FailoverState.Maintenance, FailoverState.FailingBack, FailoverState.Primary]);
        history[0].At.ShouldBe(start, "moved at the window's edge, not at the clock's next write");
        history[1].Reason.ShouldContain("the primary's checks pass");
        history[2].ConsistencyDuration.ShouldNotBeNull();

        await UntilWithClock(time, async () =>
        {
            await app.RefreshAsync();
            return app.Snapshot.StatusOf("app") == ComponentStatus.Operational;
        }, "the page back to operational");
        app.Snapshot.Incidents.ShouldBeEmpty();
    }

    [SkippableFact]
    public async Task A_window_that_ends_with_the_primary_still_down_stays_on_the_standby_and_opens_an_incident()
    {
        var port = FreePort();
        var time = new FakeTime(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        await using var app = await TestApp.StartAsync(BuiltinYaml(port), time: time);
        var controller = app.Services.GetRequiredService<FailoverController>();
        var start = time.GetUtcNow().AddMinutes(1);
        await ScheduleAsync(app, start, start.AddMinutes(30));
        time.Advance(TimeSpan.FromMinutes(1));
        await UntilWithClock(time, async () => await Dig("www.example.test", port) == "127.0.0.20", "the move at the window's start");

        Healthy(controller, time, false, false, false);
        time.Advance(TimeSpan.FromMinutes(30));
        await UntilWithClock(time, () => Task.FromResult(controller.StateOf("shop")!.State == FailoverState.FailedOver), "failed over at the end");
        (await Dig("www.example.test", port)).ShouldBe("127.0.0.20", "not back to a primary that fails its checks");
        await UntilWithClock(time, async () =>
        {
            await app.RefreshAsync();
            return app.Snapshot.Incidents.Any(i => i.IsOpen && i.Automated);
        }, "the failover incident once the window is over");
        app.Snapshot.StatusOf("app").ShouldBe(ComponentStatus.MajorOutage);
    }

    [SkippableFact]
    public async Task Naming_a_policy_needs_one_that_exists_and_the_admin_role()
    {
        var port = FreePort();
        await using var app = await TestApp.StartAsync(BuiltinYaml(port));
        var start = DateTimeOffset.UtcNow.AddDays(1);
        object Body(string policy) => new { name = "Work", scheduled_for = start, scheduled_until = start.AddHours(1), components = new[] { "app" }, message = "Work.", failover_policy = policy };

        using var admin = await app.ApiClientAsync(Scopes.Read, Scopes.MaintenanceWrite, Scopes.Admin);
        var unknown = await admin.PostAsJsonAsync("/api/v1/maintenances", Body("nope"));
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknown.Content.ReadAsStringAsync()).ShouldContain("There is no failover policy \\u0027nope\\u0027");

        using var editor = await app.ApiClientAsync(Scopes.Read, Scopes.MaintenanceWrite);
        var notAdmin = await editor.PostAsJsonAsync("/api/v1/maintenances", Body("shop"));
        notAdmin.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await notAdmin.Content.ReadAsStringAsync();
        problem.ShouldContain("failover_policy");
        problem.ShouldContain("needs the admin role");
        (await editor.PostAsJsonAsync("/api/v1/maintenances", Body(""))).StatusCode.ShouldBe(HttpStatusCode.Created, "a window that moves nothing stays an editor's");

        var audit = await app.Services.GetRequiredService<Pharos.Storage.IAuditStore>().QueryAsync(new() { Action = "maintenance" }, CancellationToken.None);
        audit.ShouldNotContain(e => e.Summary.Contains("moves failover policy", StringComparison.Ordinal));
        (await admin.PostAsJsonAsync("/api/v1/maintenances", Body("shop"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        audit = await app.Services.GetRequiredService<Pharos.Storage.IAuditStore>().QueryAsync(new() { Action = "maintenance" }, CancellationToken.None);
        audit.ShouldContain(e => e.Summary.Contains("moves failover policy shop to the standby", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task End_to_end_in_real_time_with_real_checks_dig_sees_the_standby_during_the_window_and_the_primary_after()
    {
        await using var primary = await LoopbackServer.StartAsync();
        await using var standby = await LoopbackServer.StartAsync(ctx => ctx.Response.WriteAsync("standby ok"));
        var port = FreePort();
        await using var app = await TestApp.StartAsync($$"""
            site:
              name: Shop
              refresh_interval: 1s
            components:
              - id: app
                name: App
            checks:
              - { id: shop-primary, type: http, component: app, url: "{{primary.Url("/health")}}", interval: 1s, timeout: 1s }
              - { id: shop-standby, type: http, url: "{{standby.Url("/health")}}", interval: 1s, timeout: 1s }
            dns:
              listen: [127.0.0.1:{{port}}]
            failover:
              policies:
                - id: shop
                  zone: example.test
                  provider: { type: builtin }
                  records: ["@", www, "*"]
                  ttl: 30s
                  primary: { A: [127.0.0.10] }
                  failover: { A: [127.0.0.20] }
                  components: [app]
                  trigger: { checks: [shop-primary], fail_after: 2 }
                  standby_checks: [shop-standby]
                  failback: { mode: automatic, hold: 30s, recover_after: 1 }
            """);
        var controller = app.Services.GetRequiredService<FailoverController>();
        await Until(() => controller.RunnerOf("shop")!.Machine.StandbyProblem(controller.StateOf("shop")!) is null && controller.StateOf("shop")!.Checks.ContainsKey("shop-primary"), what: "both sides checked");

        var start = DateTimeOffset.UtcNow.AddSeconds(2);
        await ScheduleAsync(app, start, start.AddSeconds(8));
        (await Dig("www.example.test", port)).ShouldBe("127.0.0.10");
        await Until(async () => await Dig("www.example.test", port) == "127.0.0.20", TimeSpan.FromSeconds(10), "the standby during the window");
        DateTimeOffset.UtcNow.ShouldBeGreaterThanOrEqualTo(start, "not before the window");

        // The work takes the primary down for a while, and it is back before the end.
        await primary.StopAsync();
        await Until(() => controller.StateOf("shop")!.Checks["shop-primary"].ConsecutiveFailures >= 2, what: "the primary failing during the work");
        controller.StateOf("shop")!.State.ShouldBe(FailoverState.Maintenance);
        await primary.RestartAsync();
        await Until(async () => await Dig("www.example.test", port) == "127.0.0.10", TimeSpan.FromSeconds(15), "the primary after the window, without the 30-s hold");
        DateTimeOffset.UtcNow.ShouldBeGreaterThanOrEqualTo(start.AddSeconds(8), "not before the window's end");
        await Until(() => controller.StateOf("shop")!.State == FailoverState.Primary, what: "automatic again");
        await app.RefreshAsync();
        app.Snapshot.Incidents.ShouldBeEmpty("the planned move opened no incident");
    }

    [SkippableFact]
    public async Task A_manual_move_shown_as_maintenance_opens_maintenance_not_an_incident_and_ends_it_when_the_names_are_back()
    {
        var port = FreePort();
        await using var app = await TestApp.StartAsync(BuiltinYaml(port));
        var controller = app.Services.GetRequiredService<FailoverController>();
        using var api = await app.ApiClientAsync(Scopes.Read, Scopes.Admin);

        var wrong = await api.PostAsJsonAsync("/api/v1/failover/shop/to-failover", new { reason = "rack move", show = "nothing" });
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("\"show\"");

        // From the CLI, through the queue, to the controller: the choice travels with the command.
        var config = Path.Combine(app.DataDirectory, "pharos.yaml");
        var (code, output) = await RunCli("failover", "to-failover", "shop", "--reason", "rack move in the primary datacenter", "--show", "maintenance", "--data", app.DataDirectory, "--config", config);
        code.ShouldBe(0, output);
        await Until(async () => await Dig("www.example.test", port) == "127.0.0.20", what: "the planned move");
        await Until(async () =>
        {
            await app.RefreshAsync();
            return app.Snapshot.StatusOf("app") == ComponentStatus.UnderMaintenance;
        }, what: "the page showing maintenance");
        app.Snapshot.Incidents.ShouldBeEmpty("a planned move is no outage");
        var shown = app.Snapshot.Maintenances.ShouldHaveSingleItem();
        shown.Status.ShouldBe(MaintenanceStatus.InProgress);
        shown.Name.ShouldBe(FailoverIncidents.PlannedTitle);
        controller.StateOf("shop")!.PlannedMaintenanceId.ShouldBe(shown.Id);

        var back = await api.PostAsJsonAsync("/api/v1/failover/shop/to-primary", new { reason = "rack move done" });
        back.StatusCode.ShouldBe(HttpStatusCode.OK, await back.Content.ReadAsStringAsync());
        await Until(async () => await Dig("www.example.test", port) == "127.0.0.10", what: "the move back");
        await Until(async () =>
        {
            await app.RefreshAsync();
            return app.Snapshot.StatusOf("app") == ComponentStatus.Operational;
        }, what: "the maintenance over");
        var ended = (await app.Store.GetMaintenanceAsync(shown.Id, default))!;
        ended.Status.ShouldBe(MaintenanceStatus.Completed);
        ended.Updates[0].Body.ShouldBe(FailoverIncidents.PlannedBackText);
        controller.StateOf("shop")!.PlannedMaintenanceId.ShouldBeNull();
        app.Snapshot.Incidents.ShouldBeEmpty();

        // The default is still the outage it was.
        (await api.PostAsJsonAsync("/api/v1/failover/shop/to-failover", new { reason = "primary is on fire" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Until(async () =>
        {
            await app.RefreshAsync();
            return app.Snapshot.Incidents.Any(i => i.IsOpen);
        }, what: "an incident for an unplanned move");
    }

    private static async Task ScheduleAsync(TestApp app, DateTimeOffset from, DateTimeOffset until)
    {
        using var api = await app.ApiClientAsync(Scopes.Read, Scopes.MaintenanceWrite, Scopes.Admin);
        var created = await api.PostAsJsonAsync("/api/v1/maintenances", new
        {
            name = "Planned move",
            scheduled_for = from,
            scheduled_until = until,
            components = new[] { "app" },
            message = "Served from the standby during the work.",
            failover_policy = "shop",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
    }

    private static void Healthy(FailoverController controller, FakeTime time, params bool[] results)
    {
        foreach (var ok in results)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            controller.Observe("primary-http", ok, time.GetUtcNow(), ok ? "200" : "connection refused");
        }
    }

    /// <summary>Waits while nudging the fake clock a little, so timers that run on it (verification polls, the windows' tick) fire.</summary>
    private static Task UntilWithClock(FakeTime time, Func<Task<bool>> condition, string what) =>
        Until(async () =>
        {
            if (await condition())
            {
                return true;
            }

            time.Advance(TimeSpan.FromMilliseconds(500));
            return false;
        }, TimeSpan.FromSeconds(15), what);
}
