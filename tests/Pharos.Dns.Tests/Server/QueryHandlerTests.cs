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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Dnssec_ok_bit_of_the_query_is_copied_into_the_answer(bool dnssecOk)
    {
        var query = Query("www.example.test", DnsType.A, edns: new EdnsInfo { DnssecOk = dnssecOk });
        // Twice: the first answer is built, the second comes from the cache that both kinds of query share.
        Ask(query).Edns.ShouldNotBeNull().DnssecOk.ShouldBe(dnssecOk);
        Ask(query).Edns.ShouldNotBeNull().DnssecOk.ShouldBe(dnssecOk);
    }

    [Fact]
    public void Dnssec_ok_bit_is_copied_into_a_truncated_answer_and_an_error()
    {
        var big = Ask(Query("big.example.test", DnsType.TXT, edns: new EdnsInfo { DnssecOk = true, UdpPayloadSize = 512 }));
        big.IsTruncated.ShouldBeTrue();
        big.Edns.ShouldNotBeNull().DnssecOk.ShouldBeTrue();
        var badVersion = Ask(Query("www.example.test", DnsType.A, edns: new EdnsInfo { DnssecOk = true, Version = 1 }));
        badVersion.Rcode.ShouldBe(DnsRcode.BadVers);
        badVersion.Edns.ShouldNotBeNull().DnssecOk.ShouldBeTrue();
    }

    [Fact]
    public void Any_over_udp_gets_a_single_rrset()
    {
        var reply = Ask(Query("example.test", DnsType.ANY, edns: new EdnsInfo { UdpPayloadSize = 4096 }));
        reply.Rcode.ShouldBe(DnsRcode.NoError);
        reply.IsTruncated.ShouldBeFalse();
        reply.Answers.ShouldNotBeEmpty();
        reply.Answers.Select(a => a.Type).Distinct().ShouldHaveSingleItem();
        reply.Authorities.ShouldBeEmpty();
        reply.Additionals.ShouldBeEmpty();
    }

    [Fact]
    public void Any_where_no_rrset_fits_in_512_bytes_gets_the_rfc8482_hinfo()
    {
        int length = _server.HandleUdp(Query("big.example.test", DnsType.ANY, edns: new EdnsInfo { UdpPayloadSize = 4096 }), _response);
        length.ShouldBeLessThanOrEqualTo(512);
        var reply = DnsMessage.Parse(_response.AsSpan(0, length));
        reply.IsTruncated.ShouldBeFalse();
        var hinfo = reply.Answers.ShouldHaveSingleItem();
        hinfo.Type.ShouldBe((DnsType)13);
        hinfo.Name.ShouldBe(DnsName.Parse("big.example.test."));
        // RFC 8482 §4.2: CPU "RFC8482", OS empty.
        ((UnknownRecordData)hinfo.Data).Data.ToArray().ShouldBe([7, .. "RFC8482"u8.ToArray(), 0]);
    }

    [Fact]
    public void Answering_a_cached_query_allocates_nothing()
    {
        var query = Query("www.example.test", DnsType.A, edns: new EdnsInfo());
        for (int i = 0; i < 100; i++)
        {
            _server.HandleUdp(query, _response);
        }

        Allocations.Of(() => _server.HandleUdp(query, _response), 10_000).ShouldBe(0);
    }

    [Fact]
    public async Task Answering_a_cached_query_through_the_rate_limiter_allocates_nothing()
    {
        // Rate 10: of these queries from one non-exempt source, most are dropped or slipped; no path may allocate.
        await using var server = new DnsServer(_store, new DnsServerOptions
        {
            Endpoints = [new IPEndPoint(IPAddress.Loopback, 0)], RateLimit = new ResponseRateLimitOptions { ResponsesPerSecond = 10, Exempt = [] },
        });
        var query = Query("www.example.test", DnsType.A, edns: new EdnsInfo());
        var remote = new IPEndPoint(IPAddress.Parse("127.0.0.2"), 5353).Serialize();
        for (int i = 0; i < 100; i++)
        {
            server.AnswerUdp(query, _response, remote);
        }

        Allocations.Of(() => server.AnswerUdp(query, _response, remote), 10_000).ShouldBe(0);
        (server.Counters.ResponsesDropped + server.Counters.ResponsesSlipped).ShouldBeGreaterThan(9_000);
        server.Counters.ResponsesSlipped.ShouldBeGreaterThan(0);
    }
}
