using System.Net;
using Pharos.Dns.Records;
using Pharos.Dns.Tests.Interop;
using Pharos.Dns.Tsig;
using Pharos.Dns.Update;

namespace Pharos.Dns.Tests.Update;

/// <summary>
/// The value-dependent prerequisite (RFC 2136 §2.4.2): one answer-section record per member of the expected RRset,
/// in the zone's class with TTL 0, compared whole by the server (§3.2.3).
/// </summary>
public sealed class RecordSetEqualsTests
{
    private const string KeyName = "pharos-key";
    private const string Secret = "c2VjcmV0LXNoYXJlZC13aXRoLWJpbmQtYW5kLWtub3QtMzJieXRlcw==";
    private static readonly TsigKey Key = TsigKey.ParseBindKeyFile($"key \"{KeyName}\" {{ algorithm hmac-sha256; secret \"{Secret}\"; }};")[0];
    private static readonly DnsName Pool = DnsName.Parse("pool.example.test.");

    public static TheoryData<string> Servers => new() { "bind", "knot" };

    [Fact]
    public void Each_record_of_the_expected_set_is_written_in_the_zone_class_with_TTL_zero_beside_other_prerequisites()
    {
        var request = new DnsUpdateRequest
        {
            Zone = TestZones.Origin,
            Prerequisites =
            [
                new NameIsInUse { Name = Pool },
                new RecordSetEquals { Name = Pool, Records = [new ARecordData(IPAddress.Parse("127.0.0.21")), new ARecordData(IPAddress.Parse("127.0.0.22"))] },
            ],
            Updates = [new DeleteRecordSet { Name = Pool, Type = DnsType.A }],
        };

        var parsed = DnsMessage.Parse(request.ToMessage().ToArray());

        parsed.Answers.Count.ShouldBe(3);
        parsed.Answers[0].Class.ShouldBe(DnsClass.ANY, "the name-in-use prerequisite keeps its own encoding");
        var equals = parsed.Answers.Skip(1).ToList();
        equals.ShouldAllBe(r => r.Name == Pool && r.Class == DnsClass.IN && r.Ttl == 0 && r.Type == DnsType.A);
        equals.Select(r => r.Data.ToString()).ShouldBe(["127.0.0.21", "127.0.0.22"]);
    }

    [Fact]
    public void An_empty_or_mixed_expected_set_is_refused_when_built()
    {
        Should.Throw<ArgumentException>(() => new RecordSetEquals { Name = Pool, Records = [] });
        Should.Throw<ArgumentException>(() => new RecordSetEquals { Name = Pool, Records = [new ARecordData(IPAddress.Loopback), new TxtRecordData("x")] });
    }

    [SkippableTheory]
    [MemberData(nameof(Servers))]
    public async Task A_real_server_applies_the_update_only_when_the_whole_set_matches(string server)
    {
        using DaemonProcess peer = server == "bind"
            ? await BindServer.StartAsync("example.test", TestZones.ExampleZone(), KeyName, Secret)
            : await KnotServer.StartPrimaryAsync("example.test", TestZones.ExampleZone(), KeyName, Secret);
        var client = new DnsUpdateClient();
        await client.SendAsync(new DnsUpdateRequest
        {
            Zone = TestZones.Origin,
            Updates =
            [
                new AddRecord { Name = Pool, Ttl = 60, Data = new ARecordData(IPAddress.Parse("127.0.0.21")) },
                new AddRecord { Name = Pool, Ttl = 60, Data = new ARecordData(IPAddress.Parse("127.0.0.22")) },
            ],
        }, peer.Endpoint, Key);

        // Only part of the set: the server refuses, nothing changes.
        var partial = await Should.ThrowAsync<DnsUpdateException>(() => client.SendAsync(Replace(["127.0.0.21"], "127.0.0.30"), peer.Endpoint, Key));
        partial.Rcode.ShouldBe(DnsRcode.NXRRSet);
        (await Dig.ShortAsync(peer.Port, "pool.example.test", "A")).Order(StringComparer.Ordinal).ShouldBe(["127.0.0.21", "127.0.0.22"]);

        // The whole set, in another order: the replacement goes through.
        await client.SendAsync(Replace(["127.0.0.22", "127.0.0.21"], "127.0.0.30"), peer.Endpoint, Key);
        (await Dig.ShortAsync(peer.Port, "pool.example.test", "A")).ShouldBe(["127.0.0.30"]);
    }

    private static DnsUpdateRequest Replace(string[] expected, string with) => new()
    {
        Zone = TestZones.Origin,
        Prerequisites = [new RecordSetEquals { Name = Pool, Records = expected.Select(a => (DnsRecordData)new ARecordData(IPAddress.Parse(a))).ToList() }],
        Updates =
        [
            new DeleteRecordSet { Name = Pool, Type = DnsType.A },
            new AddRecord { Name = Pool, Ttl = 60, Data = new ARecordData(IPAddress.Parse(with)) },
        ],
    };
}
