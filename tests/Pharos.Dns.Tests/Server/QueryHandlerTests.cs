using System.Net;
using Pharos.Dns.Records;
using Pharos.Dns.Server;
using Pharos.Dns.Zones;

namespace Pharos.Dns.Tests.Server;

public sealed class QueryHandlerTests : IAsyncDisposable
{
    private readonly ZoneStore _store = new();
    private readonly DnsServer _server;
    private readonly byte[] _response = new byte[65536];

    public QueryHandlerTests()
    {
        _store.AddOrReplace(AuthoritativeZone.FromZoneFile(TestZones.ExampleZone(), TestZones.Origin));
        _server = new DnsServer(_store, new DnsServerOptions { Endpoints = [new IPEndPoint(IPAddress.Loopback, 0)] });
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private DnsMessage Ask(byte[] query)
    {
        int length = _server.HandleUdp(query, _response);
        length.ShouldBeGreaterThan(0);
        return DnsMessage.Parse(_response.AsSpan(0, length));
    }

    private static byte[] Query(string name, DnsType type, DnsOpcode opcode = DnsOpcode.Query, EdnsInfo? edns = null) =>
        new DnsMessage { Id = 77, Opcode = opcode, RecursionDesired = true, Questions = [new DnsQuestion(DnsName.Parse(name), type)], Edns = edns }.ToArray();

    [Fact]
    public void Garbage_after_a_header_gets_formerr()
    {
        var query = Query("www.example.test", DnsType.A).Concat(new byte[] { 9, 9 }).ToArray();
        var reply = Ask(query);
        reply.Rcode.ShouldBe(DnsRcode.FormErr);
        reply.Id.ShouldBe((ushort)77);
    }

    [Fact]
    public void Packets_shorter_than_a_header_and_responses_are_dropped()
    {
        _server.HandleUdp(new byte[5], _response).ShouldBe(0);
        var response = new DnsMessage { Id = 1, IsResponse = true, Questions = [new DnsQuestion(TestZones.Origin, DnsType.A)] }.ToArray();
        _server.HandleUdp(response, _response).ShouldBe(0);
    }

    [Fact]
    public void Unknown_opcode_gets_notimp() => Ask(Query("www.example.test", DnsType.A, DnsOpcode.Status)).Rcode.ShouldBe(DnsRcode.NotImp);

    [Fact]
    public void Edns_version_one_gets_badvers() =>
        Ask(Query("www.example.test", DnsType.A, edns: new EdnsInfo { Version = 1 })).Rcode.ShouldBe(DnsRcode.BadVers);

    [Fact]
    public void Edns_query_gets_opt_echoed_with_our_payload_size()
    {
        var reply = Ask(Query("www.example.test", DnsType.A, edns: new EdnsInfo { UdpPayloadSize = 4096 }));
        reply.Edns.ShouldNotBeNull().UdpPayloadSize.ShouldBe((ushort)1232);
        reply.RecursionDesired.ShouldBeTrue();
        reply.IsAuthoritative.ShouldBeTrue();
    }

    [Fact]
    public void Cname_chain_is_followed_inside_the_zone()
    {
        var reply = Ask(Query("chain.example.test", DnsType.A));
        reply.Answers.Select(a => a.Type).ShouldBe([DnsType.CNAME, DnsType.CNAME, DnsType.A]);
    }

    [Fact]
    public void Wildcard_does_not_cover_names_that_exist()
    {
        var reply = Ask(Query("x.wild.example.test", DnsType.MX));
        reply.Rcode.ShouldBe(DnsRcode.NoError);
        reply.Answers.ShouldBeEmpty();
        reply.Authorities.Single().Type.ShouldBe(DnsType.SOA);
        Ask(Query("deep.x.wild.example.test", DnsType.A)).Answers.Single().Name.ShouldBe(DnsName.Parse("deep.x.wild.example.test."));
    }

    [Fact]
    public void Mx_answer_carries_the_exchange_address_as_additional()
    {
        var reply = Ask(Query("example.test", DnsType.MX));
        reply.Additionals.Single().Data.ToString().ShouldBe("127.0.0.3");
    }

    [Fact]
    public void Cached_answers_follow_a_zone_change()
    {
        Ask(Query("www.example.test", DnsType.A)).Answers.Single().Data.ToString().ShouldBe("127.0.0.10");
        _store.ReplaceRecordSet(TestZones.Origin, DnsName.Parse("www.example.test."), DnsType.A, 60, [new ARecordData(IPAddress.Parse("127.0.0.42"))]);
        Ask(Query("www.example.test", DnsType.A)).Answers.Single().Data.ToString().ShouldBe("127.0.0.42");
    }

    [Fact]
    public void Answering_a_cached_query_allocates_nothing()
    {
        var query = Query("www.example.test", DnsType.A, edns: new EdnsInfo());
        for (int i = 0; i < 100; i++) _server.HandleUdp(query, _response);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++) _server.HandleUdp(query, _response);
        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
    }
}
