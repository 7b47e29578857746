using System.Net;
using Pharos.Dns.Records;
using Pharos.Dns.Zones;

namespace Pharos.Dns.Tests.Zones;

public sealed class ZoneStoreTests
{
    private static readonly DnsName Www = DnsName.Parse("www.example.test.");

    private static ZoneStore NewStore()
    {
        var store = new ZoneStore();
        store.AddOrReplace(AuthoritativeZone.FromZoneFile(TestZones.ExampleZone(), TestZones.Origin));
        return store;
    }

    [Fact]
    public void Replacing_a_record_set_raises_the_serial_and_keeps_the_old_snapshot_intact()
    {
        var store = NewStore();
        var before = store.Get(TestZones.Origin)!;
        var after = store.ReplaceRecordSet(TestZones.Origin, Www, DnsType.A, 30, [new ARecordData(IPAddress.Parse("127.0.0.99"))]);
        after.Serial.ShouldBe(before.Serial + 1);
        after.Find(Www, DnsType.A)!.Data.Single().ToString().ShouldBe("127.0.0.99");
        before.Find(Www, DnsType.A)!.Data.Single().ToString().ShouldBe("127.0.0.10");
        store.Get(TestZones.Origin).ShouldBeSameAs(after);
    }

    [Fact]
    public void Empty_record_set_removes_it()
    {
        var store = NewStore();
        var after = store.ReplaceRecordSet(TestZones.Origin, Www, DnsType.AAAA, 30, []);
        after.Find(Www, DnsType.AAAA).ShouldBeNull();
    }

    [Fact]
    public void Concurrent_updates_are_all_applied_with_one_serial_step_each()
    {
        var store = NewStore();
        Parallel.For(0, 200, i => store.Update(TestZones.Origin, b => b.SetRecordSet(DnsName.Parse($"h{i}.example.test."), DnsType.A, 60, [new ARecordData(IPAddress.Loopback)])));
        var zone = store.Get(TestZones.Origin)!;
        zone.Serial.ShouldBe(2024010101u + 200);
        Enumerable.Range(0, 200).ShouldAllBe(i => zone.Find(DnsName.Parse($"h{i}.example.test."), DnsType.A) != null);
    }

    [Fact]
    public void Changes_are_announced_once_each()
    {
        var store = NewStore();
        var seen = new List<uint>();
        store.ZoneChanged += (_, e) => seen.Add(e.Zone.Serial);
        store.ReplaceRecordSet(TestZones.Origin, Www, DnsType.TXT, 60, [new TxtRecordData("x")]);
        seen.ShouldBe([2024010102u]);
    }

    [Fact]
    public void Record_set_outside_the_zone_is_rejected()
    {
        var zone = NewStore().Get(TestZones.Origin)!;
        Should.Throw<ArgumentException>(() => zone.WithRecordSet(DnsName.Parse("www.other.test."), DnsType.A, 60, [new ARecordData(IPAddress.Loopback)]));
    }
}
