using System.Collections.Concurrent;
using Dapper;
using Microsoft.AspNetCore.Http;
using Pharos.Audit;
using Pharos.Failover;
using Pharos.Failover.Drills;
using Pharos.Storage;
using Pharos.Tests.Support;
using static Pharos.Tests.Failover.Drills.DrillTestSupport;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.Tests.Failover.Drills;

/// <summary>Drills of a builtin policy with real checks, the built-in DNS server, dig and a failover site on loopback.</summary>
public sealed class BuiltinDrillTests
{
    [SkippableFact]
    public async Task A_drill_from_the_cli_fails_over_holds_fails_back_and_reports_the_time_to_consistency_of_each_move()
    {
        var port = FreePort();
        await using var primary = await LoopbackServer.StartAsync();
        var hosts = new ConcurrentQueue<string>();
        await using var standby = await LoopbackServer.StartAsync(ctx =>
        {
            hosts.Enqueue(ctx.Request.Host.Host);
            return ctx.Response.WriteAsync("standby ok");
        });
        await using var app = await TestApp.StartAsync(Yaml(port, primary, standby, hold: "3s"));
        await BothSidesCheckedAsync(app);
        var config = Path.Combine(app.DataDirectory, "pharos.yaml");

        // The dry run prints the plan and asks nothing of the server.
        var (code, output) = await RunCli("failover", "drill", "shop", "--dry-run", "--data", app.DataDirectory, "--config", config);
        code.ShouldBe(0, output);
        output.ShouldContain("Drill plan for shop (hold 3s)");
        output.ShouldContain("127.0.0.1:" + port);
        output.ShouldContain("answers A 127.0.0.1 with TTL 30");
        output.ShouldContain("dry run");
        (await app.Services.GetRequiredService<DrillStore>().ListAsync("shop", 10, CancellationToken.None)).ShouldBeEmpty();

        // The real drill, followed from the CLI while dig watches the names move.
        var sawStandby = false;
        using var watching = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                sawStandby |= await Dig("www.example.test", port) == "127.0.0.1";
                await Task.Delay(100);
            }
        });
        (code, output) = await RunCli("failover", "drill", "shop", "--data", app.DataDirectory, "--config", config);
        await watching.CancelAsync();
        await watcher;
        code.ShouldBe(0, output);
        sawStandby.ShouldBeTrue("every name answered the standby during the hold");
        output.ShouldContain("pre-checks ...");
        output.ShouldContain("fail over: ok");
        output.ShouldContain("consistent on every nameserver after");
        output.ShouldContain("hold: ok");
        output.ShouldContain("fail back: ok");
        output.ShouldContain("verify again: ok");
        output.ShouldContain("succeeded: failed over, held 3s and failed back");
        (await Dig("www.example.test", port)).ShouldBe("127.0.0.10");
        (await Dig("example.test", port)).ShouldBe("127.0.0.10");
        hosts.ShouldContain("www.example.test", "the site was asked under the policy's name, at the standby's address");

        var d = (await app.Services.GetRequiredService<DrillStore>().ListAsync("shop", 10, CancellationToken.None)).ShouldHaveSingleItem();
        d.Status.ShouldBe(DrillStatus.Succeeded);
        d.Steps.Select(s => s.Name).ShouldBe(["pre-checks", "fail over", "verify the failover site", "hold", "fail back", "resume automatic control", "verify again"]);
        d.Steps.ShouldAllBe(s => s.Outcome == DrillStepOutcome.Ok);
        var failover = d.Steps.Single(s => s.Name == "fail over").ConsistentAfter.ShouldNotBeNull();
        var failback = d.Steps.Single(s => s.Name == "fail back").ConsistentAfter.ShouldNotBeNull();
        failover.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        failback.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        d.Steps.Single(s => s.Name == "hold").Took!.Value.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(3));
        d.Steps.Single(s => s.Name == "pre-checks").Detail.ShouldContain("standby ready: ok");

        // The policy is automatic on the primary again; the moves are in its history as the drill's, and planned.
        var state = await app.Services.GetRequiredService<FailoverController>().CurrentAsync("shop");
        state.State.ShouldBe(FailoverState.Primary);
        state.DrillId.ShouldBeNull();
        var history = await app.Services.GetRequiredService<IFailoverStore>().GetTransitionsAsync("shop", 10, CancellationToken.None);
        history.ShouldContain(t => t.Reason.Contains($"drill {d.Id}: fail over", StringComparison.Ordinal));
        await app.RefreshAsync();
        app.Snapshot.Incidents.ShouldBeEmpty("a drill is planned: no incident on the public page");

        var audit = await app.Services.GetRequiredService<IAuditStore>().QueryAsync(new AuditQuery { TargetId = "shop", Action = "failover.drill" }, CancellationToken.None);
        audit.Select(a => a.Action).ShouldContain("failover.drill");
        audit.Select(a => a.Action).ShouldContain("failover.drill.succeeded");

        (code, output) = await RunCli("failover", "drills", "shop", "--data", app.DataDirectory, "--config", config);
        code.ShouldBe(0, output);
        output.ShouldContain($"{d.Id} ");
        output.ShouldContain("succeeded in");
        (code, output) = await RunCli("failover", "drills", "shop", "--id", d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", app.DataDirectory, "--config", config);
        code.ShouldBe(0, output);
        output.ShouldContain("fail back: ok in");
    }

    [SkippableFact]
    public async Task A_drill_whose_standby_is_unhealthy_aborts_before_moving_anything()
    {
        var port = FreePort();
        await using var primary = await LoopbackServer.StartAsync();
        await using var standby = await LoopbackServer.StartAsync(ctx =>
        {
            ctx.Response.StatusCode = 503;
            return ctx.Response.WriteAsync("standby still deploying");
        });
        await using var app = await TestApp.StartAsync(Yaml(port, primary, standby));
        await BothSidesCheckedAsync(app);

        var asked = await app.Services.GetRequiredService<DrillRequests>().RequestAsync("shop", Actor.Cli, null, CancellationToken.None);
        var id = asked.ShouldBeOfType<DrillRequestResult.Requested>().Id;
        var d = await EndedAsync(app, id);

        d.Status.ShouldBe(DrillStatus.Aborted);
        d.Outcome.ShouldNotBeNull().ShouldContain("aborted before moving anything");
        d.Outcome.ShouldContain("standby ready: the standby is not ready: standby-http: down (status 503");
        d.Steps.Select(s => s.Name).ShouldBe(["pre-checks"]);
        (await Dig("www.example.test", port)).ShouldBe("127.0.0.10");
        var history = await app.Services.GetRequiredService<IFailoverStore>().GetTransitionsAsync("shop", 10, CancellationToken.None);
        history.ShouldBeEmpty("nothing moved");
        (await app.Services.GetRequiredService<FailoverController>().CurrentAsync("shop")).State.ShouldBe(FailoverState.Primary);

        // One drill at a time: a second request while one is open is refused, and after the end a new one may start.
        var store = app.Services.GetRequiredService<DrillStore>();
        var first = await store.RequestAsync("shop", Actor.Cli, TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow, CancellationToken.None);
        var second = await store.RequestAsync("shop", Actor.Cli, TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow, CancellationToken.None);
        first.ShouldNotBeNull();
        second.ShouldBeNull();
    }

    [SkippableFact]
    public async Task A_drill_killed_during_its_hold_is_returned_to_the_primary_by_the_next_start_and_marked_interrupted()
    {
        var port = FreePort();
        using var dir = new TempDir();
        await using var primary = await LoopbackServer.StartAsync();
        await using var standby = await LoopbackServer.StartAsync();
        var yaml = Yaml(port, primary, standby, hold: "10m");
        long id;
        await using (var app = await TestApp.StartAsync(yaml, dataDirectory: dir.Path))
        {
            await BothSidesCheckedAsync(app);
            var asked = await app.Services.GetRequiredService<DrillRequests>().RequestAsync("shop", Actor.Cli, null, CancellationToken.None);
            id = asked.ShouldBeOfType<DrillRequestResult.Requested>().Id;
            var store = app.Services.GetRequiredService<DrillStore>();
            await Until(async () => (await store.GetAsync(id, CancellationToken.None))!.Steps.LastOrDefault()?.Name == "hold", TimeSpan.FromSeconds(20), "the hold");
            (await Dig("www.example.test", port)).ShouldBe("127.0.0.1");
        }

        // Stopped in the middle: the drill's row says running, the names stay on the standby with nobody serving them.
        var db = await TestDatabases.CreateAsync(SqlDialect.Sqlite, dir);
        await using (var c = await db.OpenAsync(CancellationToken.None))
        {
            (await c.ExecuteScalarAsync<string>("SELECT status FROM failover_drills WHERE id = @id", new { id })).ShouldBe("Running");
        }

        await using var again = await TestApp.StartAsync(yaml, dataDirectory: dir.Path);
        var d = await EndedAsync(again, id);
        d.Status.ShouldBe(DrillStatus.Aborted);
        d.Outcome.ShouldNotBeNull().ShouldContain("aborted: interrupted");
        d.Outcome.ShouldContain("returned to the primary and verified");
        d.Steps.Single(s => s.Name == "hold").Outcome.ShouldBe(DrillStepOutcome.Failed);
        d.Steps.Single(s => s.Name == "return to the primary").ConsistentAfter.ShouldNotBeNull();
        (await Dig("www.example.test", port)).ShouldBe("127.0.0.10");
        var state = await again.Services.GetRequiredService<FailoverController>().CurrentAsync("shop");
        state.State.ShouldBe(FailoverState.Primary);
        state.DrillId.ShouldBeNull();
    }

    [SkippableFact]
    public async Task When_the_primary_dies_during_the_hold_the_drill_ends_without_moving_back_and_the_machine_takes_over()
    {
        var port = FreePort();
        await using var primary = await LoopbackServer.StartAsync();
        await using var standby = await LoopbackServer.StartAsync();
        await using var app = await TestApp.StartAsync(Yaml(port, primary, standby, hold: "60s"));
        await BothSidesCheckedAsync(app);
        var asked = await app.Services.GetRequiredService<DrillRequests>().RequestAsync("shop", Actor.Cli, null, CancellationToken.None);
        var id = asked.ShouldBeOfType<DrillRequestResult.Requested>().Id;
        var store = app.Services.GetRequiredService<DrillStore>();
        await Until(async () => (await store.GetAsync(id, CancellationToken.None))!.Steps.LastOrDefault()?.Name == "hold", TimeSpan.FromSeconds(20), "the hold");

        await primary.StopAsync();
        var d = await EndedAsync(app, id, TimeSpan.FromSeconds(20));
        d.Status.ShouldBe(DrillStatus.Failed);
        d.Outcome.ShouldNotBeNull().ShouldStartWith("the primary failed during the drill; the names stay on the standby and the failover machine takes over");
        d.Steps.ShouldNotContain(s => s.Name == "fail back" || s.Name == "return to the primary");
        (await Dig("www.example.test", port)).ShouldBe("127.0.0.1", "never back to a dead primary");
        var state = await app.Services.GetRequiredService<FailoverController>().CurrentAsync("shop");
        state.State.ShouldBe(FailoverState.FailedOver, "automatic again, on the standby");
        state.DrillId.ShouldBeNull();
    }
}
