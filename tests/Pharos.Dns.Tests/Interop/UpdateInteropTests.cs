using System.Net;
using Pharos.Dns.Client;
using Pharos.Dns.Records;
using Pharos.Dns.Tsig;
using Pharos.Dns.Update;

namespace Pharos.Dns.Tests.Interop;

/// <summary>Our UPDATE client changing records on real BIND and Knot with TSIG, read back with dig.</summary>
public sealed class UpdateInteropTests
{
    private const string KeyName = "pharos-key";
    private const string Secret = "c2VjcmV0LXNoYXJlZC13aXRoLWJpbmQtYW5kLWtub3QtMzJieXRlcw==";
    private static readonly DnsName Zone = TestZones.Origin;
    private static readonly TsigKey Key = TsigKey.ParseBindKeyFile($"key \"{KeyName}\" {{ algorithm hmac-sha256; secret \"{Secret}\"; }};")[0];

    public static TheoryData<string> Servers => new() { "bind", "knot" };

    private static async Task<DaemonProcess> StartAsync(string server) => server == "bind"
        ? await BindServer.StartAsync("example.test", TestZones.ExampleZone(), KeyName, Secret)
        : await KnotServer.StartPrimaryAsync("example.test", TestZones.ExampleZone(), KeyName, Secret);

    [SkippableTheory]
    [MemberData(nameof(Servers))]
    public async Task Signed_update_adds_replaces_and_deletes_records(string server)
    {
        using var peer = await StartAsync(server);
        var client = new DnsUpdateClient();
        var failover = DnsName.Parse("failover.example.test.");
        await client.SendAsync(new DnsUpdateRequest
        {
            Zone = Zone,
            Prerequisites = [new NameIsNotInUse { Name = failover }],
            Updates =
            [
                new AddRecord { Name = failover, Ttl = 60, Data = new ARecordData(IPAddress.Parse("127.0.0.20")) },
                new AddRecord { Name = failover, Ttl = 60, Data = new TxtRecordData("primary") },
            ],
        }, peer.Endpoint, Key);
        (await Dig.ShortAsync(peer.Port, "failover.example.test", "A")).ShouldBe(["127.0.0.20"]);

        // Fail over: replace the A RRset atomically, only if it still holds the old address.
        await client.SendAsync(new DnsUpdateRequest
        {
            Zone = Zone,
            Prerequisites = [new RecordSetEquals { Name = failover, Records = [new ARecordData(IPAddress.Parse("127.0.0.20"))] }],
            Updates =
            [
                new DeleteRecordSet { Name = failover, Type = DnsType.A },
                new AddRecord { Name = failover, Ttl = 60, Data = new ARecordData(IPAddress.Parse("127.0.0.21")) },
                new DeleteRecord { Name = failover, Data = new TxtRecordData("primary") },
            ],
        }, peer.Endpoint, Key);
        (await Dig.ShortAsync(peer.Port, "failover.example.test", "A")).ShouldBe(["127.0.0.21"]);
        (await Dig.ShortAsync(peer.Port, "failover.example.test", "TXT")).ShouldBeEmpty();

        await client.SendAsync(new DnsUpdateRequest { Zone = Zone, Updates = [new DeleteAllRecordSets { Name = failover }] }, peer.Endpoint, Key);
        (await Dig.RunAsync(peer.Port, "failover.example.test", "A")).ShouldContain("status: NXDOMAIN");
    }

    [SkippableTheory]
    [MemberData(nameof(Servers))]
    public async Task Failed_prerequisites_raise_typed_errors(string server)
    {
        using var peer = await StartAsync(server);
        var client = new DnsUpdateClient();
        var www = DnsName.Parse("www.example.test.");
        var add = new AddRecord { Name = www, Data = new ARecordData(IPAddress.Parse("127.0.0.30")) };

        var yx = await Should.ThrowAsync<DnsUpdateException>(() =>
            client.SendAsync(new DnsUpdateRequest { Zone = Zone, Prerequisites = [new NameIsNotInUse { Name = www }], Updates = [add] }, peer.Endpoint, Key));
        yx.Rcode.ShouldBe(DnsRcode.YXDomain);

        var nx = await Should.ThrowAsync<DnsUpdateException>(() =>
            client.SendAsync(new DnsUpdateRequest { Zone = Zone, Prerequisites = [new NameIsInUse { Name = DnsName.Parse("nobody.example.test.") }], Updates = [add] }, peer.Endpoint, Key));
        nx.Rcode.ShouldBe(DnsRcode.NXDomain);

        var nxrrset = await Should.ThrowAsync<DnsUpdateException>(() =>
            client.SendAsync(new DnsUpdateRequest { Zone = Zone, Prerequisites = [new RecordSetExists { Name = www, Type = DnsType.MX }], Updates = [add] }, peer.Endpoint, Key));
        nxrrset.Rcode.ShouldBe(DnsRcode.NXRRSet);

        var yxrrset = await Should.ThrowAsync<DnsUpdateException>(() =>
            client.SendAsync(new DnsUpdateRequest { Zone = Zone, Prerequisites = [new RecordSetDoesNotExist { Name = www, Type = DnsType.A }], Updates = [add] }, peer.Endpoint, Key));
        yxrrset.Rcode.ShouldBe(DnsRcode.YXRRSet);

        var notZone = await Should.ThrowAsync<DnsUpdateException>(() =>
            client.SendAsync(new DnsUpdateRequest { Zone = Zone, Updates = [new AddRecord { Name = DnsName.Parse("www.other.test."), Data = new ARecordData(IPAddress.Loopback) }] }, peer.Endpoint, Key));
        notZone.Rcode.ShouldBe(DnsRcode.NotZone);

        (await Dig.ShortAsync(peer.Port, "www.example.test", "A")).ShouldBe(["127.0.0.10"]);
    }

    [SkippableTheory]
    [MemberData(nameof(Servers))]
    public async Task Unsigned_or_wrongly_signed_updates_are_refused(string server)
    {
        using var peer = await StartAsync(server);
        var client = new DnsUpdateClient();
        var update = new DnsUpdateRequest { Zone = Zone, Updates = [new AddRecord { Name = DnsName.Parse("x.example.test."), Data = new ARecordData(IPAddress.Loopback) }] };

        var refused = await Should.ThrowAsync<DnsUpdateException>(() => client.SendAsync(update, peer.Endpoint));
        refused.Rcode.ShouldBeOneOf(DnsRcode.Refused, DnsRcode.NotAuth);

        var wrongKey = new TsigKey { Name = Key.Name, Secret = new byte[32] };
        var bad = await Should.ThrowAsync<DnsTsigException>(() => client.SendAsync(update, peer.Endpoint, wrongKey));
        bad.Error.ShouldBe(DnsRcode.BadSig);

        var unknown = new TsigKey { Name = DnsName.Parse("unknown-key."), Secret = Key.Secret };
        var badKey = await Should.ThrowAsync<DnsTsigException>(() => client.SendAsync(update, peer.Endpoint, unknown));
        badKey.Error.ShouldBe(DnsRcode.BadKey);
    }
}
