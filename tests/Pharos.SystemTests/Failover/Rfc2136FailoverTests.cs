using System.Net;
using Pharos.Dns;
using Pharos.Dns.Client;
using Pharos.Dns.Tests.Interop;
using Pharos.Failover;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.SystemTests.Failover;

/// <summary>The controller driving real BIND 9 and Knot primaries through TSIG-signed dynamic updates.</summary>
public sealed class Rfc2136FailoverTests
{
    private const string KeyName = "pharos-update";
    private const string Secret = "cGhhcm9zLXRlc3Qtc2VjcmV0LWZvci11cGRhdGVzIQ==";

    private const string Zone = """
        $ORIGIN example.test.
        $TTL 300
        @    IN SOA ns1 hostmaster 1 3600 600 86400 60
        @    IN NS  ns1
        ns1  IN A   127.0.0.53
        @    IN A   127.0.0.10
        www  IN A   127.0.0.10
        *    IN A   127.0.0.10
        """;

    private static string Yaml(IPEndPoint server, string keyFile, Uri primaryHealth) => $$"""
        site:
          name: Shop
        components:
          - id: app
            name: App
        checks:
          - id: primary-http
            type: http
            url: {{primaryHealth}}
            interval: 1s
            timeout: 1s
        failover:
          policies:
            - id: shop
              zone: example.test
              provider: { type: rfc2136, server: "{{server}}", tsig_key_file: "{{keyFile}}" }
              nameservers: ["{{server}}"]
              records: ["@", www, "*"]
              ttl: 60s
              primary: { A: [127.0.0.10] }
              failover: { A: [127.0.0.20, 127.0.0.21] }
              components: [app]
              trigger: { checks: [primary-http], fail_after: 3 }
              failback: { mode: automatic, hold: 2s, recover_after: 2 }
        """;

    [SkippableFact]
    public async Task Bind_follows_a_failover_and_a_fail_back()
    {
        using var bind = await BindServer.StartAsync("example.test", Zone, KeyName, Secret);
        await FailOverAndBack(bind.Endpoint);
    }

    [SkippableFact]
    public async Task Knot_follows_a_failover_and_a_fail_back()
    {
        using var knot = await KnotServer.StartPrimaryAsync("example.test", Zone, KeyName, Secret);
        await FailOverAndBack(knot.Endpoint);
    }

    /// <summary>A real primary on loopback, Pharos's own 1 s checks, fail_after 3: dig-visible within 3 × 1 s + 2 s.</summary>
    private static async Task FailOverAndBack(IPEndPoint server)
    {
        using var dir = new TempDir();
        await using var primary = await LoopbackServer.StartAsync();
        var keyFile = dir.Write("update.key", $"key \"{KeyName}\" {{ algorithm hmac-sha256; secret \"{Secret}\"; }};");
        await using var app = await TestApp.StartAsync(Yaml(server, keyFile, primary.Url("/health")));
        var controller = app.Services.GetRequiredService<FailoverController>();
        await Until(() => controller.StateOf("shop")!.Checks.GetValueOrDefault("primary-http")?.LastOk == true);
        (await Answer(server, "www.example.test.")).ShouldBe("127.0.0.10:300");

        await primary.StopAsync();
        var stopped = System.Diagnostics.Stopwatch.StartNew();
        await Until(async () => await Answer(server, "www.example.test.") == "127.0.0.20,127.0.0.21:60", TimeSpan.FromSeconds(5));
        stopped.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        (await Answer(server, "example.test.")).ShouldBe("127.0.0.20,127.0.0.21:60");
        (await Answer(server, "*.example.test.")).ShouldBe("127.0.0.20,127.0.0.21:60");
        await Until(() => controller.StateOf("shop")!.State == FailoverState.FailedOver);

        await primary.RestartAsync();
        await Until(async () => await Answer(server, "www.example.test.") == "127.0.0.10:60", TimeSpan.FromSeconds(15));
        await Until(() => controller.StateOf("shop")!.State == FailoverState.Primary);
    }

    /// <summary>"values:ttl" as the server answers now.</summary>
    private static async Task<string> Answer(IPEndPoint server, string name)
    {
        var response = await new DnsClient().QueryAsync(DnsName.Parse(name), DnsType.A, server);
        var records = response.Message.Answers.Where(r => r.Type == DnsType.A).ToList();
        return string.Join(",", records.Select(r => r.Data.ToString()).Order(StringComparer.Ordinal)) + ":" + (records.Count == 0 ? 0 : records.Min(r => r.Ttl));
    }
}
