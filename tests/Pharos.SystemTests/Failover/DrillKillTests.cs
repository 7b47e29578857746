using Pharos.Audit;
using Pharos.Failover;
using Pharos.Failover.Drills;
using Pharos.Storage;
using Pharos.SystemTests.Support;
using Pharos.Tests.Failover.Drills;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.SystemTests.Failover;

/// <summary>`pharos serve` killed with SIGKILL in the middle of a drill: the next start returns the names to the primary.</summary>
public sealed class DrillKillTests
{
    [SkippableFact]
    public async Task A_drill_killed_with_sigkill_during_its_hold_leaves_dns_on_the_primary_after_a_restart()
    {
        using var dir = new TempDir();
        await using var primary = await LoopbackServer.StartAsync();
        await using var standby = await LoopbackServer.StartAsync();
        var dnsPort = FreePort();
        var config = dir.Write("pharos.yaml", DrillTestSupport.Yaml(dnsPort, primary, standby, hold: "10m"));
        var data = Path.Combine(dir.Path, "data");
        var db = new SqliteDatabase(Path.Combine(data, "pharos.db"));
        var states = new SqliteFailoverStore(db);
        var drills = new DrillStore(db);

        long id;
        var port = PharosProcess.FreePort();
        await using (var first = PharosProcess.Start("serve", "--config", config, "--data", data, "--urls", $"http://127.0.0.1:{port}"))
        {
            await first.WaitUntilServingAsync(new Uri($"http://127.0.0.1:{port}/"), TimeSpan.FromSeconds(60));
            await Until(async () => await states.LoadStateAsync("shop", CancellationToken.None) is { } s
                                    && s.Checks.GetValueOrDefault("primary-http")?.LastOk == true
                                    && s.Checks.GetValueOrDefault("standby-http")?.LastOk == true, TimeSpan.FromSeconds(20), "both sides checked");
            id = (await drills.RequestAsync("shop", Actor.Cli, TimeSpan.FromMinutes(10), DateTimeOffset.UtcNow, CancellationToken.None)).ShouldNotBeNull();
            await Until(async () => (await drills.GetAsync(id, CancellationToken.None))!.Steps.LastOrDefault()?.Name == "hold", TimeSpan.FromSeconds(30), "the hold");
            (await Dig("www.example.test", dnsPort)).ShouldBe("127.0.0.1");

            first.Kill();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        (await drills.GetAsync(id, CancellationToken.None))!.Status.ShouldBe(DrillStatus.Running, "killed: nobody wrote an end");
        (await states.LoadStateAsync("shop", CancellationToken.None))!.LiveSide.ShouldBe(FailoverSide.Failover);

        await using var second = PharosProcess.Start("serve", "--config", config, "--data", data, "--urls", $"http://127.0.0.1:{port}");
        await second.WaitUntilServingAsync(new Uri($"http://127.0.0.1:{port}/"), TimeSpan.FromSeconds(60));
        Drill? d = null;
        await Until(async () => (d = await drills.GetAsync(id, CancellationToken.None)) is { IsOpen: false }, TimeSpan.FromSeconds(30), "the interrupted drill to end");
        d!.Status.ShouldBe(DrillStatus.Aborted);
        d.Outcome.ShouldNotBeNull().ShouldContain("aborted: interrupted");
        d.Outcome.ShouldContain("returned to the primary and verified on every nameserver");
        (await Dig("www.example.test", dnsPort)).ShouldBe("127.0.0.10");
        var state = (await states.LoadStateAsync("shop", CancellationToken.None))!;
        state.State.ShouldBe(FailoverState.Primary);
        state.LiveSide.ShouldBe(FailoverSide.Primary);
    }
}
