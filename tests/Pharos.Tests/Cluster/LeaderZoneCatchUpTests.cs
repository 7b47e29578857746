using Pharos.Cluster;
using Pharos.Dns;
using Pharos.Dns.Zones;
using Pharos.Failover;
using Pharos.Failover.Providers;
using Pharos.Storage;
using Pharos.Tests.Support;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.Tests.Cluster;

/// <summary>
/// A node that takes the lead before it has followed the last zone the old leader published serves that zone, not
/// the one it had: a leader no longer follows, so it catches up once when its term begins.
/// </summary>
public sealed class LeaderZoneCatchUpTests
{
    private static readonly DnsName Origin = DnsName.Parse("example.test.");

    [Fact]
    public async Task A_node_that_leads_before_its_follower_polled_serves_the_zone_the_old_leader_published()
    {
        var time = new FakeTime(DateTimeOffset.UtcNow);
        var port = FreePort();
        using var data = new TempDir();
        var db = new SqliteDatabase(data.File("pharos.db"));
        await db.MigrateAsync(CancellationToken.None);
        var leases = new LeaseStore(db);
        // Another node, a, leads while b starts.
        var termOfA = await leases.TryAcquireAsync(LeaseStore.ControllerLease, "a", null, time.GetUtcNow(), TimeSpan.FromSeconds(10), force: false, CancellationToken.None);
        await using var b = await TestApp.StartAsync(BuiltinYaml(port), time: time, dataDirectory: data.Path,
            adjust: c => c with { Node = c.Node with { Id = "b", LeaseTtl = TimeSpan.FromSeconds(3), Heartbeat = TimeSpan.FromMilliseconds(200) } });
        var leadership = b.Services.GetRequiredService<ILeadership>();
        leadership.Current.ShouldBeNull("a leads");
        var zones = b.Services.GetRequiredService<ZoneStore>();
        var serial0 = zones.Get(Origin)!.Serial;

        // What a did just before it died: it published the standby and finished the move, faster than b polls.
        await new SqliteFailoverStore(db).SaveAsync(
            new PolicyState { PolicyId = "shop", State = FailoverState.FailedOver, LiveSide = FailoverSide.Failover, Since = time.GetUtcNow() }, null, CancellationToken.None);
        await new BuiltinZoneStateStore(db, time).SaveAsync(Origin.ToString(), serial0 + 1, new Dictionary<string, FailoverSide> { ["shop"] = FailoverSide.Failover }, CancellationToken.None);
        await leases.ReleaseAsync(LeaseStore.ControllerLease, "a", termOfA!.Value, CancellationToken.None);

        // One heartbeat of b (200 ms) is shorter than its follower's poll (250 ms): b leads before it follows.
        var term = leadership.WaitForTermAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(200));
        await term.WaitAsync(TimeSpan.FromSeconds(10));
        var controller = b.Services.GetRequiredService<FailoverController>();
        await Until(() => controller.IsRunning, what: "the controller started for b's term");

        zones.Get(Origin)!.Serial.ShouldBe(serial0 + 1, "the serial the old leader published");
        (await Dig("www.example.test", port)).ShouldBe("127.0.0.20");
        (await controller.CurrentAsync("shop")).LiveSide.ShouldBe(FailoverSide.Failover);
    }
}
