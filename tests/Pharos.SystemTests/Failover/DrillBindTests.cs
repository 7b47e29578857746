using System.Net;
using Microsoft.AspNetCore.Http;
using Pharos.Audit;
using Pharos.Dns;
using Pharos.Dns.Client;
using Pharos.Dns.Tests.Interop;
using Pharos.Failover;
using Pharos.Failover.Drills;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.SystemTests.Failover;

/// <summary>A drill of an RFC 2136 policy against a real BIND 9 primary on loopback, TSIG-signed updates both ways.</summary>
public sealed class DrillBindTests
{
    private const string KeyName = "pharos-update";
    private const string Secret = "cGhhcm9zLXRlc3Qtc2VjcmV0LWZvci11cGRhdGVzIQ==";

    private const string Zone = """
        $ORIGIN example.test.
        $TTL 60
        @    IN SOA ns1 hostmaster 1 3600 600 86400 60
        @    IN NS  ns1
        ns1  IN A   127.0.0.53
        @    IN A   127.0.0.10
        www  IN A   127.0.0.10
        *    IN A   127.0.0.10
        """;

    [SkippableFact]
    public async Task A_drill_on_bind_fails_over_and_back_through_dynamic_updates_and_reports_its_timings()
    {
        using var bind = await BindServer.StartAsync("example.test", Zone, KeyName, Secret);
        using var dir = new TempDir();
        await using var primary = await LoopbackServer.StartAsync();
        await using var standby = await LoopbackServer.StartAsync(ctx => ctx.Response.WriteAsync("standby ok"));
        var keyFile = dir.Write("update.key", $"key \"{KeyName}\" {{ algorithm hmac-sha256; secret \"{Secret}\"; }};");
        await using var app = await TestApp.StartAsync($$"""
            site:
              name: Shop
            components:
              - id: app
                name: App
            checks:
              - { id: primary-http, type: http, component: app, url: "{{primary.Url("/health")}}", interval: 1s, timeout: 1s }
              - { id: standby-http, type: http, url: "{{standby.Url("/health")}}", interval: 1s, timeout: 1s }
            failover:
              policies:
                - id: shop
                  zone: example.test
                  provider: { type: rfc2136, server: "{{bind.Endpoint}}", tsig_key_file: "{{keyFile}}" }
                  nameservers: ["{{bind.Endpoint}}"]
                  records: ["@", www, "*"]
                  ttl: 60s
                  primary: { A: [127.0.0.10] }
                  failover: { A: [127.0.0.1] }
                  components: [app]
                  trigger: { checks: [primary-http], fail_after: 3 }
                  standby_checks: [standby-http]
                  failback: { mode: manual }
                  drill: { hold: 2s, verify_url: "http://www.example.test:{{standby.Port}}/" }
            """);
        var controller = app.Services.GetRequiredService<FailoverController>();
        await Until(() => controller.StateOf("shop")!.Checks.GetValueOrDefault("primary-http")?.LastOk == true
                          && controller.StateOf("shop")!.Checks.GetValueOrDefault("standby-http")?.LastOk == true, TimeSpan.FromSeconds(15), "both sides checked");

        var asked = await app.Services.GetRequiredService<DrillRequests>().RequestAsync("shop", Actor.Cli, null, CancellationToken.None);
        var id = asked.ShouldBeOfType<DrillRequestResult.Requested>().Id;
        var store = app.Services.GetRequiredService<DrillStore>();
        await Until(async () => (await store.GetAsync(id, CancellationToken.None))!.Steps.LastOrDefault()?.Name == "hold", TimeSpan.FromSeconds(20), "the hold");
        (await Answer(bind.Endpoint, "www.example.test.")).ShouldBe("127.0.0.1:60", "BIND serves the standby during the hold");
        (await Answer(bind.Endpoint, "*.example.test.")).ShouldBe("127.0.0.1:60");

        Drill? d = null;
        await Until(async () => (d = await store.GetAsync(id, CancellationToken.None)) is { IsOpen: false }, TimeSpan.FromSeconds(30), "the drill to end");
        d!.Status.ShouldBe(DrillStatus.Succeeded, d.Outcome);
        d.Steps.ShouldAllBe(s => s.Outcome == DrillStepOutcome.Ok);
        var over = d.Steps.Single(s => s.Name == "fail over").ConsistentAfter.ShouldNotBeNull();
        var back = d.Steps.Single(s => s.Name == "fail back").ConsistentAfter.ShouldNotBeNull();
        over.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        back.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        d.Outcome.ShouldNotBeNull().ShouldContain("fail over consistent after");
        d.Steps.Single(s => s.Name == "verify again").Detail.ShouldContain("record audit: clean: 3 record sets as expected");
        (await Answer(bind.Endpoint, "www.example.test.")).ShouldBe("127.0.0.10:60");
        (await Answer(bind.Endpoint, "example.test.")).ShouldBe("127.0.0.10:60");
        Console.WriteLine($"bind drill: fail over consistent after {over.TotalMilliseconds:F0} ms, fail back after {back.TotalMilliseconds:F0} ms");
    }

    /// <summary>"values:ttl" as the server answers now.</summary>
    private static async Task<string> Answer(IPEndPoint server, string name)
    {
        var response = await new DnsClient().QueryAsync(DnsName.Parse(name), DnsType.A, server);
        var records = response.Message.Answers.Where(r => r.Type == DnsType.A).ToList();
        return string.Join(",", records.Select(r => r.Data.ToString()).Order(StringComparer.Ordinal)) + ":" + (records.Count == 0 ? 0 : records.Min(r => r.Ttl));
    }
}
