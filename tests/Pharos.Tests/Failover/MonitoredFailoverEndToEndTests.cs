using System.Diagnostics;
using Pharos.Failover;
using Pharos.Tests.Support;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.Tests.Failover;

/// <summary>
/// The whole chain on loopback with real time: a primary HTTP server, Pharos's own checks, the policy, the built-in
/// DNS server, and `dig`. Stopping the primary moves the names; starting it again brings them back after the hold.
/// </summary>
public sealed class MonitoredFailoverEndToEndTests
{
    [SkippableFact]
    public async Task Stopping_the_primary_moves_dig_to_the_failover_address_and_back_after_the_hold()
    {
        await using var primary = await LoopbackServer.StartAsync();
        var port = FreePort();
        await using var app = await TestApp.StartAsync($$"""
            site:
              name: Shop
              refresh_interval: 2s
            components:
              - id: app
                name: App
            checks:
              - id: shop-primary
                type: http
                component: app
                url: {{primary.Url("/health")}}
                interval: 1s
                timeout: 1s
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
                  trigger: { checks: [shop-primary], fail_after: 3 }
                  failback: { mode: automatic, hold: 3s, recover_after: 2 }
            """);
        var controller = app.Services.GetRequiredService<FailoverController>();
        await Until(() => controller.StateOf("shop")!.Checks.GetValueOrDefault("shop-primary")?.LastOk == true);
        (await Dig("www.example.test", port)).ShouldBe("127.0.0.10");

        var stopped = Stopwatch.StartNew();
        await primary.StopAsync();
        // interval × fail_after + 2 s
        await Until(async () => await Dig("www.example.test", port) == "127.0.0.20", TimeSpan.FromSeconds(5));
        stopped.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));

        await primary.RestartAsync();
        await Until(async () => await Dig("www.example.test", port) == "127.0.0.10", TimeSpan.FromSeconds(15));
        // The served answer changes when the records are published; the move to Primary is stored after verification.
        await Until(() => controller.StateOf("shop")!.State == FailoverState.Primary);
        var history = await app.Services.GetRequiredService<IFailoverStore>().GetTransitionsAsync("shop", 10, CancellationToken.None);
        // A check that times out once on this busy machine while recovering sends the policy back to FailedOver for
        // another hold: the machine doing its job, so any number of such Recovering/FailedOver rounds is allowed.
        var moves = history.Select(t => t.To).Reverse().ToList();
        moves.Take(3).ShouldBe([FailoverState.FailingOver, FailoverState.FailedOver, FailoverState.Recovering]);
        moves.TakeLast(3).ShouldBe([FailoverState.Recovering, FailoverState.FailingBack, FailoverState.Primary]);
        moves.Skip(3).SkipLast(3).ShouldAllBe(s => s == FailoverState.FailedOver || s == FailoverState.Recovering);
        (history.Single(t => t.To == FailoverState.FailingBack).At - history.Single(t => t.To == FailoverState.Recovering).At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(3));
    }
}
