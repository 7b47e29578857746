using System.Net;
using Pharos.Dns;
using Pharos.Dns.Client;
using Pharos.Dns.Tests.Interop;
using Pharos.Failover;

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

    private static string Yaml(IPEndPoint server, string keyFile) => $$"""
        site:
          name: Shop
        components:
          - id: app
            name: App
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
              failback: { mode: automatic, hold: 1s, recover_after: 2 }
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

    private static async Task FailOverAndBack(IPEndPoint server)
    {
        using var dir = new TempDir();
        var keyFile = dir.Write("update.key", $"key \"{KeyName}\" {{ algorithm hmac-sha256; secret \"{Secret}\"; }};");
        await using var app = await TestApp.StartAsync(Yaml(server, keyFile));
        var controller = app.Services.GetRequiredService<FailoverController>();

        foreach (var _ in Enumerable.Range(0, 3))
        {
            controller.Observe("primary-http", false, DateTimeOffset.UtcNow, "connection refused");
        }

        await Until(async () => await Answer(server, "www.example.test.") == "127.0.0.20,127.0.0.21:60");
        (await Answer(server, "example.test.")).ShouldBe("127.0.0.20,127.0.0.21:60");
        (await Answer(server, "*.example.test.")).ShouldBe("127.0.0.20,127.0.0.21:60");
        await Until(() => Task.FromResult(controller.StateOf("shop")!.State == FailoverState.FailedOver));

        controller.Observe("primary-http", true, DateTimeOffset.UtcNow);
        controller.Observe("primary-http", true, DateTimeOffset.UtcNow);
        await Until(async () => await Answer(server, "www.example.test.") == "127.0.0.10:60", TimeSpan.FromSeconds(15));
        await Until(() => Task.FromResult(controller.StateOf("shop")!.State == FailoverState.Primary));
    }

    /// <summary>"values:ttl" as the server answers now.</summary>
    private static async Task<string> Answer(IPEndPoint server, string name)
    {
        var response = await new DnsClient().QueryAsync(DnsName.Parse(name), DnsType.A, server);
        var records = response.Message.Answers.Where(r => r.Type == DnsType.A).ToList();
        return string.Join(",", records.Select(r => r.Data.ToString()).Order(StringComparer.Ordinal)) + ":" + (records.Count == 0 ? 0 : records.Min(r => r.Ttl));
    }

    private static async Task Until(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the condition did not hold in time");
            }

            await Task.Delay(50);
        }
    }
}
