using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using System.Net;
using System.Net.Http.Json;
using Dapper;
using Pharos.Failover;
using Pharos.Tests.Support;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.Tests.Failover;

/// <summary>
/// Real checks of both sides, the built-in DNS and dig: the primary dies while the standby's own check fails, so
/// nothing moves and operators are told why; an operator's move there is refused without force and done with it.
/// </summary>
public sealed class StandbyReadinessEndToEndTests
{
    [SkippableFact]
    public async Task The_primary_dying_while_the_standby_fails_moves_nothing_and_is_alerted_and_a_manual_move_needs_force()
    {
        await using var primary = await LoopbackServer.StartAsync();
        await using var standby = await LoopbackServer.StartAsync(ctx =>
        {
            ctx.Response.StatusCode = 503;
            return ctx.Response.WriteAsync("standby still deploying");
        });
        var hooks = new ConcurrentQueue<string>();
        await using var receiver = await LoopbackServer.StartAsync(async ctx =>
        {
            hooks.Enqueue(await new StreamReader(ctx.Request.Body).ReadToEndAsync());
            ctx.Response.StatusCode = 200;
        });
        var port = FreePort();
        await using var app = await TestApp.StartAsync($$"""
            site:
              name: Shop
            components:
              - id: app
                name: App
            checks:
              - { id: shop-primary, type: http, component: app, url: "{{primary.Url("/health")}}", interval: 1s, timeout: 1s }
              - { id: shop-standby, type: http, url: "{{standby.Url("/health")}}", interval: 1s, timeout: 1s }
            dns:
              listen: [127.0.0.1:{{port}}]
            notifications:
              channels:
                - { id: oncall, type: webhook, url: "{{receiver.Url("/hook")}}" }
              routes:
                - { id: operators, events: [failover.refused, failover.failing_over], channels: [oncall] }
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
                  failback: { mode: manual }
            """);
        var controller = app.Services.GetRequiredService<FailoverController>();
        await Until(() => controller.StateOf("shop")!.Checks.GetValueOrDefault("shop-standby")?.LastOk == false, what: "the standby's check failing");
        await primary.StopAsync();
        await Until(() => controller.StateOf("shop")!.Refused is not null, TimeSpan.FromSeconds(10), "the refusal");
        var refused = controller.StateOf("shop")!.Refused!;
        refused.ShouldContain("primary down, standby not ready");
        refused.ShouldContain("shop-standby: down (status 503");
        controller.StateOf("shop")!.State.ShouldBe(FailoverState.Primary);
        (await Dig("www.example.test", port)).ShouldBe("127.0.0.10", "the names stay on the primary");

        // Recorded with its evidence, once, and alerted.
        var db = await TestDatabases.OpenAgainAsync(app);
        await using (var c = await db.OpenAsync(CancellationToken.None))
        {
            var rows = (await c.QueryAsync<string>("SELECT detail FROM domain_events WHERE kind = 'failover.refused'")).ToList();
            rows.ShouldHaveSingleItem().ShouldContain("standby not ready");
        }

        await Until(() => hooks.Any(h => h.Contains("failover.refused", StringComparison.Ordinal) && h.Contains("standby not ready", StringComparison.Ordinal)), TimeSpan.FromSeconds(15), "the operators' webhook");

        var shown = await (await (await app.ApiClientAsync("read")).GetAsync("/api/v1/failover/shop")).Content.ReadAsStringAsync();
        shown.ShouldContain("\"refused\":\"primary down, standby not ready");
        shown.ShouldContain("\"standby\":{\"shop-standby\":false}");

        // An operator's move: refused without force (409, problem+json), done with it.
        using var api = await app.ApiClientAsync("admin");
        var plain = await api.PostAsJsonAsync("/api/v1/failover/shop/to-failover", new { reason = "move anyway?" });
        plain.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        plain.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await plain.Content.ReadAsStringAsync()).ShouldContain("the standby is not ready");
        (await Dig("www.example.test", port)).ShouldBe("127.0.0.10");

        var forced = await api.PostAsJsonAsync("/api/v1/failover/shop/to-failover", new { reason = "primary datacenter flooded; standby half up beats nothing", force = true });
        forced.StatusCode.ShouldBe(HttpStatusCode.OK, await forced.Content.ReadAsStringAsync());
        await Until(async () => await Dig("www.example.test", port) == "127.0.0.20", TimeSpan.FromSeconds(10), "the forced move");
        var history = await app.Services.GetRequiredService<IFailoverStore>().GetTransitionsAsync("shop", 10, CancellationToken.None);
        history.ShouldContain(t => t.To == FailoverState.Pinned && t.Reason.Contains("forced: the standby is not ready", StringComparison.Ordinal));
    }
}
