using Pharos.Failover;
using Pharos.Failover.Commands;
using Pharos.Tests.Support;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.Tests.Failover;

/// <summary>The cloudflare provider against a local server that implements the documented endpoints it uses.</summary>
public sealed class CloudflareFailoverTests
{
    private static string Yaml(Uri api, string tokenFile) => $$"""
        site:
          name: Shop
        components:
          - id: app
            name: App
        failover:
          policies:
            - id: shop
              zone: example.test
              provider: { type: cloudflare, zone_id: {{FakeCloudflare.ZoneId}}, api_base: "{{api}}", api_token_file: "{{tokenFile}}" }
              records: ["@", www]
              ttl: 60s
              primary: { A: [127.0.0.10] }
              failover: { A: [127.0.0.20] }
              components: [app]
              trigger: { checks: [primary-http], fail_after: 3 }
              failback: { mode: manual }
        """;

    [Fact]
    public async Task Failover_replaces_the_records_in_one_batch_and_reads_them_back()
    {
        await using var cf = await FakeCloudflare.StartAsync();
        cf.Seed("A", "example.test", "127.0.0.10", 60);
        cf.Seed("A", "www.example.test", "127.0.0.10", 60);
        cf.Seed("TXT", "www.example.test", "left alone");
        using var dir = new TempDir();
        await using var app = await TestApp.StartAsync(Yaml(cf.BaseAddress, dir.Write("token", FakeCloudflare.Token + "\n")));
        var controller = app.Services.GetRequiredService<FailoverController>();

        for (var i = 0; i < 3; i++)
        {
            controller.Observe("primary-http", false, DateTimeOffset.UtcNow, "timeout");
        }

        await Until(() => controller.StateOf("shop")!.State == FailoverState.FailedOver);
        cf.Contents("A", "example.test").ShouldBe(["127.0.0.20/60"]);
        cf.Contents("A", "www.example.test").ShouldBe(["127.0.0.20/60"]);
        cf.Contents("TXT", "www.example.test").ShouldBe(["left alone/300"]);
        cf.Batches.ShouldBe(1);
    }

    [Fact]
    public async Task A_failed_batch_changes_nothing_is_surfaced_and_is_retried()
    {
        await using var cf = await FakeCloudflare.StartAsync();
        cf.Seed("A", "example.test", "127.0.0.10", 60);
        cf.Seed("A", "www.example.test", "127.0.0.10", 60);
        cf.FailNextBatch = "Internal error";
        using var dir = new TempDir();
        await using var app = await TestApp.StartAsync(Yaml(cf.BaseAddress, dir.Write("token", FakeCloudflare.Token)));
        var controller = app.Services.GetRequiredService<FailoverController>();
        for (var i = 0; i < 3; i++)
        {
            controller.Observe("primary-http", false, DateTimeOffset.UtcNow, "timeout");
        }

        await Until(() => controller.StateOf("shop")!.LastError is not null);
        controller.StateOf("shop")!.LastError!.ShouldContain("Internal error");
        controller.StateOf("shop")!.State.ShouldBe(FailoverState.FailingOver);

        // The retry after the backoff goes through.
        await Until(() => controller.StateOf("shop")!.State == FailoverState.FailedOver, TimeSpan.FromSeconds(15));
        cf.Contents("A", "www.example.test").ShouldBe(["127.0.0.20/60"]);
        controller.StateOf("shop")!.LastError.ShouldBeNull();
    }

    [Fact]
    public async Task A_wrong_token_is_surfaced_not_dropped()
    {
        await using var cf = await FakeCloudflare.StartAsync();
        using var dir = new TempDir();
        await using var app = await TestApp.StartAsync(Yaml(cf.BaseAddress, dir.Write("token", "wrong")));
        var controller = app.Services.GetRequiredService<FailoverController>();
        var pinned = await app.Services.GetRequiredService<IFailoverCommands>().RunAsync(new FailoverCommand("shop", FailoverCommandKind.ToFailover, Pharos.Audit.Actor.Cli, "drill"), CancellationToken.None);
        pinned.ShouldBeOfType<FailoverCommandResult.Done>();
        await Until(() => controller.StateOf("shop")!.LastError is not null);
        controller.StateOf("shop")!.LastError!.ShouldContain("403");
        controller.StateOf("shop")!.LiveSide.ShouldBe(FailoverSide.Primary);
    }
}
