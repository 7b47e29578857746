using Pharos.Failover;
using Pharos.Tests.Support;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.Tests.Failover;

/// <summary>The controller, the built-in server and real `dig`: failing over, back, and across a restart.</summary>
public sealed class BuiltinFailoverEndToEndTests
{
    [SkippableFact]
    public async Task Three_failures_move_every_name_and_the_primary_returns_after_the_hold_time()
    {
        var port = FreePort();
        await using var app = await TestApp.StartAsync(BuiltinYaml(port));
        var controller = app.Services.GetRequiredService<FailoverController>();
        (await Dig("www.example.test", port)).ShouldBe("127.0.0.10");
        var serial0 = await Serial(port);

        Fail(controller, false, false, true, false, false);
        (await controller.CurrentAsync("shop")).State.ShouldBe(FailoverState.Primary);
        (await Dig("www.example.test", port)).ShouldBe("127.0.0.10", "fail, fail, pass, fail, fail moves nothing");

        Fail(controller, false);
        await Until(async () => await Dig("www.example.test", port) == "127.0.0.20");
        (await Dig("example.test", port)).ShouldBe("127.0.0.20");
        (await Dig("customer-shop.example.test", port)).ShouldBe("127.0.0.20", "the wildcard moved too");
        (await Serial(port)).ShouldBe(serial0 + 1, "one change, one serial");
        await Until(() => controller.StateOf("shop")!.State == FailoverState.FailedOver);
        await app.RefreshAsync();
        app.Snapshot.StatusOf("app").ShouldBe(Pharos.Domain.ComponentStatus.MajorOutage, "the status page follows the failover");

        Fail(controller, true, true);
        await Until(async () => await Dig("www.example.test", port) == "127.0.0.10", TimeSpan.FromSeconds(15));
        await Until(() => controller.StateOf("shop")!.State == FailoverState.Primary);
        await app.RefreshAsync();
        app.Snapshot.StatusOf("app").ShouldBe(Pharos.Domain.ComponentStatus.Operational);

        var incident = app.Snapshot.Incidents.Single(i => i.Automated);
        incident.Status.ShouldBe(Pharos.Domain.IncidentStatus.Monitoring, "fail-back posted an update");
        incident.Updates.Select(u => u.Status).ShouldBe([Pharos.Domain.UpdateStatus.Monitoring, Pharos.Domain.UpdateStatus.Identified]);
        incident.Components.ShouldAllBe(c => c.ComponentId == "app");

        var history = await app.Services.GetRequiredService<IFailoverStore>().GetTransitionsAsync("shop", 10, CancellationToken.None);
        history.Select(t => t.To).Reverse().ShouldBe([FailoverState.FailingOver, FailoverState.FailedOver, FailoverState.Recovering, FailoverState.FailingBack, FailoverState.Primary]);
        history.Single(t => t.To == FailoverState.FailedOver).ConsistencyDuration.ShouldNotBeNull().ShouldBeLessThan(TimeSpan.FromSeconds(1));
        history.Single(t => t.To == FailoverState.FailingOver).Evidence["primary-http"].ConsecutiveFailures.ShouldBe(3);
    }

    [SkippableFact]
    public async Task A_restart_during_the_hold_time_records_nothing_new_keeps_the_serial_and_fails_back_on_time()
    {
        var port = FreePort();
        using var data = new TempDir();
        uint serial;
        int transitionsBefore;
        DateTimeOffset healthySince;
        await using (var app = await TestApp.StartAsync(BuiltinYaml(port, hold: "6s"), dataDirectory: data.Path))
        {
            var controller = app.Services.GetRequiredService<FailoverController>();
            Fail(controller, false, false, false);
            await Until(() => controller.StateOf("shop")!.State == FailoverState.FailedOver);
            Fail(controller, true, true);
            await Until(() => controller.StateOf("shop")!.State == FailoverState.Recovering);
            healthySince = controller.StateOf("shop")!.HealthySince!.Value;
            serial = await Serial(port);
            transitionsBefore = (await app.Services.GetRequiredService<IFailoverStore>().GetTransitionsAsync("shop", 50, CancellationToken.None)).Count;
        }

        await using (var app = await TestApp.StartAsync(BuiltinYaml(port, hold: "6s"), dataDirectory: data.Path))
        {
            var controller = app.Services.GetRequiredService<FailoverController>();
            (await Dig("www.example.test", port)).ShouldBe("127.0.0.20", "still failed over after the restart");
            (await Serial(port)).ShouldBe(serial, "the restart kept the serial");
            var store = app.Services.GetRequiredService<IFailoverStore>();
            (await store.GetTransitionsAsync("shop", 50, CancellationToken.None)).Count.ShouldBe(transitionsBefore, "the restart recorded no transition");
            controller.StateOf("shop")!.HealthySince.ShouldBe(healthySince, "the hold time kept running");

            await Until(async () => await Dig("www.example.test", port) == "127.0.0.10", TimeSpan.FromSeconds(20));
            var failingBack = (await store.GetTransitionsAsync("shop", 50, CancellationToken.None)).First(t => t.To == FailoverState.FailingBack);
            (failingBack.At - healthySince).ShouldBeInRange(TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(8));
        }
    }

    [SkippableFact]
    public async Task Cli_pins_to_failover_shows_status_and_resumes()
    {
        var port = FreePort();
        await using var app = await TestApp.StartAsync(BuiltinYaml(port));
        var controller = app.Services.GetRequiredService<FailoverController>();

        var (code, output) = await RunCli("failover", "to-failover", "shop", "--reason", "monthly drill", "--data", app.DataDirectory);
        code.ShouldBe(0, output);
        output.ShouldContain("ok: shop is Pinned");
        await Until(async () => await Dig("www.example.test", port) == "127.0.0.20");

        // A healthy primary does not move a pinned policy.
        Fail(controller, true, true, true);
        (await controller.CurrentAsync("shop")).State.ShouldBe(FailoverState.Pinned);

        (code, output) = await RunCli("failover", "status", "--data", app.DataDirectory);
        code.ShouldBe(0);
        output.ShouldContain("shop: Pinned, live side Failover, pinned to Failover");
        output.ShouldContain("by cli:");
        output.ShouldContain("monthly drill");

        (code, output) = await RunCli("failover", "resume", "shop", "--reason", "drill over", "--data", app.DataDirectory);
        code.ShouldBe(0, output);
        await Until(async () => await Dig("www.example.test", port) == "127.0.0.10", TimeSpan.FromSeconds(15));

        (code, output) = await RunCli("failover", "to-primary", "nope", "--reason", "x", "--data", app.DataDirectory);
        code.ShouldBe(1);
        output.ShouldContain("no failover policy 'nope'");
    }

    [SkippableFact]
    public async Task Api_actions_need_the_admin_scope_and_a_reason_and_are_audited()
    {
        var port = FreePort();
        await using var app = await TestApp.StartAsync(BuiltinYaml(port));
        using var reader = await app.ApiClientAsync("read", "incidents:write");
        using var admin = await app.ApiClientAsync("admin");

        (await reader.PostJsonAsync("/api/v1/failover/shop/to-failover", new { reason = "drill" })).StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
        var missing = await admin.PostJsonAsync("/api/v1/failover/shop/to-failover", new { });
        missing.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        (await missing.JsonAsync()).GetProperty("errors").TryGetProperty("reason", out _).ShouldBeTrue();
        (await admin.PostJsonAsync("/api/v1/failover/nope/to-failover", new { reason = "x" })).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);

        var ok = await admin.PostJsonAsync("/api/v1/failover/shop/to-failover", new { reason = "quarterly drill" });
        ok.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await ok.JsonAsync()).GetProperty("state").GetString().ShouldBe("Pinned");
        await Until(async () => await Dig("www.example.test", port) == "127.0.0.20");

        var status = await (await reader.GetAsync("/api/v1/failover/shop")).JsonAsync();
        status.GetProperty("live_side").GetString().ShouldBe("Failover");
        status.GetProperty("history").EnumerateArray().First().GetProperty("reason").GetString()!.ShouldContain("quarterly drill");
        status.GetProperty("nameservers").GetArrayLength().ShouldBeGreaterThan(0);

        var audit = await app.Services.GetRequiredService<Pharos.Storage.IAuditStore>().QueryAsync(new Pharos.Audit.AuditQuery { Action = "failover.to-failover" }, CancellationToken.None);
        var entry = audit.ShouldHaveSingleItem();
        entry.Actor.Kind.ShouldBe("token");
        entry.Summary.ShouldContain("quarterly drill");
        entry.Before!.ShouldContain("Primary");
    }

    [SkippableFact]
    public async Task Admin_page_shows_the_policy_and_fails_over_with_a_reason()
    {
        var port = FreePort();
        await using var app = await TestApp.StartAsync(BuiltinYaml(port));
        await app.AddUserAsync("olga", Pharos.Accounts.UserRole.Admin);
        using var browser = new AdminBrowser(app);
        (await browser.SignInAsync("olga")).StatusCode.ShouldBe(System.Net.HttpStatusCode.SeeOther);

        var dashboard = await (await browser.GetAsync("/admin")).Content.ReadAsStringAsync();
        dashboard.ShouldContain("data-policy-id=\"shop\" data-state=\"Primary\"");

        var noReason = await browser.PostFormAsync("/admin/failover/shop", "/admin/failover/shop/act", new() { ["action"] = "to-failover", ["reason"] = "" });
        noReason.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        (await Dig("www.example.test", port)).ShouldBe("127.0.0.10", "nothing moves without a reason");

        var done = await browser.PostFormAsync("/admin/failover/shop", "/admin/failover/shop/act", new() { ["action"] = "to-failover", ["reason"] = "primary database is being restored" });
        ((int)done.StatusCode).ShouldBeLessThan(400);
        await Until(async () => await Dig("www.example.test", port) == "127.0.0.20");
        var page = await (await browser.GetAsync("/admin/failover/shop")).Content.ReadAsStringAsync();
        page.ShouldContain("primary database is being restored");
        page.ShouldContain("data-state=\"Pinned\"");
    }

    private static void Fail(FailoverController controller, params bool[] results)
    {
        foreach (var ok in results)
        {
            controller.Observe("primary-http", ok, DateTimeOffset.UtcNow, ok ? "200 OK" : "connection refused");
        }
    }

    private static async Task<uint> Serial(int port) =>
        uint.Parse((await Pharos.Dns.Tests.Interop.Dig.ShortAsync(port, "example.test", "SOA"))[0].Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);
}
