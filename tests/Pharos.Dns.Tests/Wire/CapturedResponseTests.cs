using Pharos.Dns.Records;

namespace Pharos.Dns.Tests.Wire;

public sealed class CapturedResponseTests
{
    public static TheoryData<string, string> Captures()
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, type, _) in CapturedBytes.Bind)
        {
            data.Add(name, type);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Captured_bind_response_parses_and_rewrites_to_the_same_bytes(string name, string type)
    {
        var bytes = CapturedBytes.Get(name, type);
        var message = DnsMessage.Parse(bytes);
        message.IsResponse.ShouldBeTrue();
        message.Id.ShouldBe((ushort)0x1234);
        message.Questions.Single().Name.ShouldBe(DnsName.Parse(name));
        message.Edns.ShouldNotBeNull();
        Convert.ToHexString(message.ToArray()).ShouldBe(Convert.ToHexString(bytes));
    }

    [Theory]
    [InlineData("www.example.test", "A", "127.0.0.10")]
    [InlineData("www.example.test", "AAAA", "::1")]
    [InlineData("example.test", "MX", "10 mail.example.test.")]
    [InlineData("example.test", "TXT", "\"v=spf1 -all\" \"second string\"")]
    [InlineData("example.test", "CAA", "0 issue \"letsencrypt.org\"")]
    [InlineData("example.test", "SOA", "ns1.example.test. hostmaster.example.test. 2024010101 3600 600 604800 300")]
    [InlineData("_sip._tcp.example.test", "SRV", "10 60 5060 sip.example.test.")]
    [InlineData("ptr.example.test", "PTR", "www.example.test.")]
    [InlineData("x.wild.example.test", "A", "127.0.0.5")]
    [InlineData("opaque.example.test", "TYPE65280", "\\# 4 DEADBEEF")]
    public void Captured_answer_has_the_expected_rdata(string name, string type, string rdata)
    {
        var message = DnsMessage.Parse(CapturedBytes.Get(name, type));
        message.Answers.Select(a => a.Data.ToString()).ShouldContain(rdata);
    }

    [Fact]
    public void Captured_nxdomain_has_the_soa_in_authority()
    {
        var message = DnsMessage.Parse(CapturedBytes.Get("missing.example.test", "A"));
        message.Rcode.ShouldBe(DnsRcode.NXDomain);
        message.Authorities.Single().Data.ShouldBeOfType<SoaRecordData>().Serial.ShouldBe(2024010101u);
    }

    [Fact]
    public void Captured_cname_answer_keeps_the_chain_in_order()
    {
        var message = DnsMessage.Parse(CapturedBytes.Get("alias.example.test", "A"));
        message.Answers[0].Data.ShouldBeOfType<CNameRecordData>().Target.ShouldBe(DnsName.Parse("www.example.test."));
        message.Answers[1].Data.ShouldBeOfType<ARecordData>().Address.ToString().ShouldBe("127.0.0.10");
    }
}
