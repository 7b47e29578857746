using Pharos.Failover;
using Pharos.Failover.Drills;
using Pharos.Tests.Support;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.Tests.Failover.Drills;

/// <summary>A builtin policy with real checks of both sides and a failover site on loopback, for the drill tests.</summary>
public static class DrillTestSupport
{
    /// <summary>
    /// `shop` on the built-in server at <paramref name="port"/>: the primary at 127.0.0.10, the standby at 127.0.0.1
    /// (where <paramref name="standby"/> listens, so the drill's site check reaches it as a customer would).
    /// </summary>
    public static string Yaml(int port, LoopbackServer primary, LoopbackServer standby, string hold = "2s") => $$"""
        site:
          name: Shop
        components:
          - id: app
            name: App
        checks:
          - { id: primary-http, type: http, component: app, url: "{{primary.Url("/health")}}", interval: 1s, timeout: 1s }
          - { id: standby-http, type: http, url: "{{standby.Url("/health")}}", interval: 1s, timeout: 1s }
        dns:
          listen: [127.0.0.1:{{port}}]
          workers: 1
        failover:
          policies:
            - id: shop
              zone: example.test
              provider: { type: builtin }
              records: ["@", www, "*"]
              ttl: 30s
              primary: { A: [127.0.0.10] }
              failover: { A: [127.0.0.1] }
              components: [app]
              trigger: { checks: [primary-http], fail_after: 2 }
              standby_checks: [standby-http]
              failback: { mode: manual }
              drill: { hold: {{hold}}, verify_url: "http://www.example.test:{{standby.Port}}/" }
        """;

    /// <summary>Both sides' checks have a result, so the pre-checks judge real evidence.</summary>
    public static Task BothSidesCheckedAsync(TestApp app) => Until(
        () => app.Services.GetRequiredService<FailoverController>().StateOf("shop") is { } s
              && s.Checks.GetValueOrDefault("primary-http")?.LastOk is not null
              && s.Checks.GetValueOrDefault("standby-http")?.LastOk is not null,
        TimeSpan.FromSeconds(15),
        "both sides' checks");

    public static async Task<Drill> EndedAsync(TestApp app, long id, TimeSpan? within = null)
    {
        var store = app.Services.GetRequiredService<DrillStore>();
        Drill? d = null;
        await Until(async () => (d = await store.GetAsync(id, CancellationToken.None)) is { IsOpen: false }, within ?? TimeSpan.FromSeconds(30), $"drill {id} to end");
        return d!;
    }
}
