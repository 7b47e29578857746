using System.Net;
using Pharos.Dns.Server;

namespace Pharos.Dns.Tests.Server;

public sealed class ResponseRateLimiterTests
{
    private readonly FakeTime _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    private ResponseRateLimiter Limiter(int rate = 5, int slip = 2, IReadOnlyList<IPNetwork>? exempt = null) =>
        new(new ResponseRateLimitOptions { ResponsesPerSecond = rate, Slip = slip, Exempt = exempt ?? [] }, _time);

    // As the UDP loop sees a source: a raw socket address.
    private static SocketAddress Source(string address) => new IPEndPoint(IPAddress.Parse(address), 5353).Serialize();

    private static List<RateLimitVerdict> Send(ResponseRateLimiter limiter, string address, int count) =>
        Enumerable.Range(0, count).Select(_ => limiter.Account(Source(address))).ToList();

    [Fact]
    public void A_prefix_gets_its_rate_in_a_second_then_every_second_limited_response_slips()
    {
        var verdicts = Send(Limiter(rate: 5, slip: 2), "192.0.2.1", 11);
        verdicts.ShouldBe([
            .. Enumerable.Repeat(RateLimitVerdict.Send, 5),
            RateLimitVerdict.Drop, RateLimitVerdict.Slip, RateLimitVerdict.Drop, RateLimitVerdict.Slip, RateLimitVerdict.Drop, RateLimitVerdict.Slip,
        ]);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 10)]
    [InlineData(3, 3)]
    public void Slip_sets_how_many_limited_responses_go_out_truncated(int slip, int slipped)
    {
        var verdicts = Send(Limiter(rate: 5, slip: slip), "192.0.2.1", 15);
        verdicts.Count(v => v == RateLimitVerdict.Slip).ShouldBe(slipped);
        verdicts.Count(v => v == RateLimitVerdict.Send).ShouldBe(5);
    }

    [Fact]
    public void The_next_second_starts_afresh()
    {
        var limiter = Limiter(rate: 5);
        Send(limiter, "192.0.2.1", 8).Count(v => v == RateLimitVerdict.Send).ShouldBe(5);
        _time.Now += TimeSpan.FromSeconds(1);
        Send(limiter, "192.0.2.1", 8).Count(v => v == RateLimitVerdict.Send).ShouldBe(5);
    }

    [Fact]
    public void Ipv4_sources_are_counted_per_slash_24()
    {
        var limiter = Limiter(rate: 5);
        Send(limiter, "192.0.2.1", 3);
        Send(limiter, "192.0.2.200", 3).ShouldBe([RateLimitVerdict.Send, RateLimitVerdict.Send, RateLimitVerdict.Drop]);
        Send(limiter, "192.0.3.1", 5).ShouldAllBe(v => v == RateLimitVerdict.Send);
    }

    [Fact]
    public void Ipv6_sources_are_counted_per_slash_56_and_a_mapped_ipv4_one_as_ipv4()
    {
        var limiter = Limiter(rate: 5);
        Send(limiter, "2001:db8:0:ff::1", 5);
        Send(limiter, "2001:db8:0:1::2", 1).ShouldBe([RateLimitVerdict.Drop]);
        Send(limiter, "2001:db8:0:100::1", 5).ShouldAllBe(v => v == RateLimitVerdict.Send);
        Send(limiter, "192.0.2.1", 5);
        Send(limiter, "::ffff:192.0.2.9", 1).ShouldBe([RateLimitVerdict.Drop]);
    }

    [Fact]
    public void A_longer_prefix_setting_separates_neighbours()
    {
        var limiter = new ResponseRateLimiter(new ResponseRateLimitOptions { ResponsesPerSecond = 5, Ipv4PrefixLength = 32, Exempt = [] }, _time);
        Send(limiter, "192.0.2.1", 5);
        Send(limiter, "192.0.2.2", 5).ShouldAllBe(v => v == RateLimitVerdict.Send);
    }

    [Fact]
    public void Loopback_is_exempt_by_default_and_not_once_the_list_is_emptied()
    {
        var byDefault = new ResponseRateLimiter(new ResponseRateLimitOptions { ResponsesPerSecond = 5 }, _time);
        Send(byDefault, "127.0.0.2", 100).ShouldAllBe(v => v == RateLimitVerdict.Send);
        Send(byDefault, "::1", 100).ShouldAllBe(v => v == RateLimitVerdict.Send);
        Send(byDefault, "192.0.2.1", 100).Count(v => v == RateLimitVerdict.Send).ShouldBe(5);
        Send(Limiter(rate: 5), "127.0.0.2", 100).Count(v => v == RateLimitVerdict.Send).ShouldBe(5);
    }

    [Fact]
    public void The_source_port_does_not_matter()
    {
        var limiter = Limiter(rate: 5);
        Send(limiter, "192.0.2.1", 5);
        limiter.Account(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 40000).Serialize()).ShouldBe(RateLimitVerdict.Drop);
        limiter.Account(new IPEndPoint(IPAddress.Parse("198.51.100.1"), 40000).Serialize()).ShouldBe(RateLimitVerdict.Send);
    }

    [Fact]
    public void A_slip_keeps_the_header_and_question_and_sets_tc()
    {
        var answer = new DnsMessage
        {
            Id = 9, IsResponse = true, IsAuthoritative = true, Questions = [new DnsQuestion(DnsName.Parse("www.example.test."), DnsType.A)],
            Answers = [new DnsRecord { Name = DnsName.Parse("www.example.test."), Ttl = 60, Data = new Records.ARecordData(IPAddress.Parse("127.0.0.10")) }],
            Edns = new EdnsInfo(),
        }.ToArray();
        int length = ResponseRateLimiter.Slip(answer, answer.Length);
        var slip = DnsMessage.Parse(answer.AsSpan(0, length));
        slip.Id.ShouldBe((ushort)9);
        slip.IsTruncated.ShouldBeTrue();
        slip.IsAuthoritative.ShouldBeFalse();
        slip.Questions.ShouldHaveSingleItem().Name.ShouldBe(DnsName.Parse("www.example.test."));
        slip.Answers.ShouldBeEmpty();
        slip.Edns.ShouldBeNull();
    }
}
