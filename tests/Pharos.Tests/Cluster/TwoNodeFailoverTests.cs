using Pharos.Cluster;
using Pharos.Failover;
using Pharos.Tests.Support;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.Tests.Cluster;

/// <summary>
/// Two `serve` nodes on one database (SQLite here; the same code runs on PostgreSQL): one leads the failover, the other
/// serves the zone the leader published at the same serial, and takes over when the leader leaves.
/// </summary>
public sealed class TwoNodeFailoverTests
{
    private static Func<Pharos.Hosting.PharosConfig, Pharos.Hosting.PharosConfig> AsNode(string id) =>
        c => c with { Node = c.Node with { Id = id, LeaseTtl = TimeSpan.FromSeconds(3), Heartbeat = TimeSpan.FromMilliseconds(500) } };

    [SkippableFact]
    public async Task The_follower_serves_the_leaders_move_at_the_same_serial_and_takes_over_when_it_leaves()
    {
        var portA = FreePort();
        var portB = FreePort();
        using var data = new TempDir();
        var a = await TestApp.StartAsync(BuiltinYaml(portA), dataDirectory: data.Path, adjust: AsNode("a"));
        try
        {
            await using var b = await TestApp.StartAsync(BuiltinYaml(portB), dataDirectory: data.Path, adjust: AsNode("b"));
            var leaderA = a.Services.GetRequiredService<ILeadership>();
            var leaderB = b.Services.GetRequiredService<ILeadership>();
            leaderA.Current.ShouldNotBeNull("the first node leads");
            leaderB.Current.ShouldBeNull("one leader at a time");
            (await ReadyNode(a)).GetProperty("leader").GetBoolean().ShouldBeTrue();
            var readyB = await ReadyNode(b);
            readyB.GetProperty("leader").GetBoolean().ShouldBeFalse();
            readyB.GetProperty("id").GetString().ShouldBe("b");
            var serial0 = await Serial(portA);
            (await Serial(portB)).ShouldBe(serial0);

            var controllerA = a.Services.GetRequiredService<FailoverController>();
            // An operator on the node that does not lead: the command is forwarded to the leader, with who asked.
            var actor = new Pharos.Audit.Actor(Pharos.Audit.Actor.UserKind, "u1", "olga", "127.0.0.9");
            var result = await b.Services.GetRequiredService<IFailoverCommands>().RunAsync(
                new Pharos.Failover.Commands.FailoverCommand("shop", Pharos.Failover.Commands.FailoverCommandKind.ToFailover, actor, "restore drill"), CancellationToken.None);
            result.Succeeded.ShouldBeTrue(result.Message);
            var audit = await a.Services.GetRequiredService<Pharos.Storage.IAuditStore>().QueryAsync(new Pharos.Audit.AuditQuery { Action = "failover" }, CancellationToken.None);
            audit.ShouldContain(e => e.Actor.Name == "olga" && e.Actor.Address == "127.0.0.9");

            await Until(async () => await Dig("www.example.test", portA) == "127.0.0.20");
            await Until(async () => await Dig("www.example.test", portB) == "127.0.0.20", what: "the follower serves the leader's move");
            (await Serial(portA)).ShouldBe(serial0 + 1);
            (await Serial(portB)).ShouldBe(serial0 + 1, "the same zone at the same serial on both nodes");
            await Until(() => controllerA.StateOf("shop")!.State is FailoverState.FailedOver or FailoverState.Pinned);
            await Until(() => b.Services.GetRequiredService<IFailoverStatus>().StateOf("shop")?.LiveSide == FailoverSide.Failover, what: "the follower shows the leader's state");

            // The follower's controller is idle: results reaching it change nothing.
            b.Services.GetRequiredService<FailoverController>().Observe("primary-http", true, DateTimeOffset.UtcNow, "200 OK");

            var termA = leaderA.Current!.Number;
            await a.DisposeAsync();
            var term = await leaderB.WaitForTermAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            term.Number.ShouldBeGreaterThan(termA);
            var controllerB = b.Services.GetRequiredService<FailoverController>();
            (await controllerB.CurrentAsync("shop")).LiveSide.ShouldBe(FailoverSide.Failover, "the new leader resumes from the stored state");
            (await Dig("www.example.test", portB)).ShouldBe("127.0.0.20");
            (await Serial(portB)).ShouldBe(serial0 + 1, "taking over changes no serial");

            var nodes = await b.Services.GetRequiredService<NodeDirectory>().ListAsync(CancellationToken.None);
            nodes.Select(n => n.NodeId).ShouldBe(["a", "b"]);
            nodes.Single(n => n.NodeId == "b").Leads.ShouldBe(1);
        }
        finally
        {
            await a.DisposeAsync();
        }
    }

    private static async Task<System.Text.Json.JsonElement> ReadyNode(TestApp app)
    {
        // Read whatever the status (503 while a readiness check fails): the node part is there either way.
        using var response = await app.Client.GetAsync("/readyz");
        using var doc = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("node").Clone();
    }

    private static async Task<uint> Serial(int port) =>
        uint.Parse((await Pharos.Dns.Tests.Interop.Dig.ShortAsync(port, "example.test", "SOA"))[0].Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);
}
