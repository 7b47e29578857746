using System.Globalization;
using System.Text.RegularExpressions;

namespace Pharos.Dns.Tests.Interop;

/// <summary>Our server answering the real dig and kdig.</summary>
public sealed class DigAgainstPharosTests
{
    [SkippableTheory]
    [InlineData("www.example.test", "A", "127.0.0.10")]
    [InlineData("www.example.test", "AAAA", "::1")]
    [InlineData("example.test", "NS", "ns1.example.test.|ns2.example.test.")]
    [InlineData("example.test", "MX", "10 mail.example.test.")]
    [InlineData("example.test", "TXT", "\"v=spf1 -all\" \"second string\"")]
    [InlineData("example.test", "CAA", "0 issue \"letsencrypt.org\"")]
    [InlineData("_sip._tcp.example.test", "SRV", "10 60 5060 sip.example.test.")]
    [InlineData("ptr.example.test", "PTR", "www.example.test.")]
    [InlineData("example.test", "SOA", "ns1.example.test. hostmaster.example.test. 2024010101 3600 600 604800 300")]
    [InlineData("alias.example.test", "CNAME", "www.example.test.")]
    [InlineData("chain.example.test", "A", "127.0.0.10|alias.example.test.|www.example.test.")]
    [InlineData("anything.wild.example.test", "A", "127.0.0.5")]
    [InlineData("opaque.example.test", "TYPE65280", "\\# 4 DEADBEEF")]
    public async Task Dig_gets_every_record_type(string name, string type, string expected)
    {
        await using var server = await PharosServer.StartAsync();
        var lines = await Dig.ShortAsync(server.Port, name, type);
        lines.ShouldBe(expected.Split('|').Order(StringComparer.Ordinal).ToList());
    }

    [SkippableFact]
    public async Task Dig_sees_nxdomain_with_the_soa_in_authority()
    {
        await using var server = await PharosServer.StartAsync();
        var output = await Dig.RunAsync(server.Port, "missing.example.test", "A");
        output.ShouldContain("status: NXDOMAIN");
        output.ShouldContain("flags: qr aa");
        output.ShouldMatch(@"(?m)^example\.test\.\s+300\s+IN\s+SOA\s+ns1\.example\.test\.");
    }

    [SkippableFact]
    public async Task Dig_sees_nodata_for_an_empty_non_terminal()
    {
        await using var server = await PharosServer.StartAsync();
        var output = await Dig.RunAsync(server.Port, "b.deep.example.test", "A");
        output.ShouldContain("status: NOERROR");
        output.ShouldContain("ANSWER: 0, AUTHORITY: 1");
    }

    [SkippableFact]
    public async Task Dig_gets_a_referral_with_glue_below_a_delegation()
    {
        await using var server = await PharosServer.StartAsync();
        var output = await Dig.RunAsync(server.Port, "host.sub.example.test", "A");
        output.ShouldContain("status: NOERROR");
        output.ShouldNotContain("flags: qr aa");
        output.ShouldMatch(@"(?m)^sub\.example\.test\.\s+3600\s+IN\s+NS\s+ns\.sub\.example\.test\.");
        output.ShouldMatch(@"(?m)^ns\.sub\.example\.test\.\s+3600\s+IN\s+A\s+127\.0\.0\.6");
    }

    [SkippableFact]
    public async Task Dig_is_refused_outside_our_zones()
    {
        await using var server = await PharosServer.StartAsync();
        var output = await Dig.RunAsync(server.Port, "www.elsewhere.test", "A");
        output.ShouldContain("status: REFUSED");
    }

    [SkippableFact]
    public async Task Dig_gets_tc_over_udp_and_the_full_answer_over_tcp()
    {
        await using var server = await PharosServer.StartAsync();
        var truncated = await Dig.RunAsync(server.Port, "big.example.test", "TXT", "+ignore");
        truncated.ShouldContain("flags: qr aa tc");
        var retried = await Dig.RunAsync(server.Port, "big.example.test", "TXT");
        retried.ShouldContain("Truncated, retrying in TCP mode");
        retried.ShouldContain("ANSWER: 20,");
        retried.ShouldContain("(TCP)");
    }

    [SkippableFact]
    public async Task Dig_without_edns_gets_tc_at_512_bytes()
    {
        await using var server = await PharosServer.StartAsync();
        var output = await Dig.RunAsync(server.Port, "big.example.test", "TXT", "+noedns", "+ignore");
        output.ShouldContain(" tc");
    }

    [SkippableFact]
    public async Task Dig_keeps_the_letter_case_of_its_question()
    {
        await using var server = await PharosServer.StartAsync();
        var output = await Dig.RunAsync(server.Port, "WwW.ExAmPle.TEST", "A");
        output.ShouldMatch(@"(?m)^;WwW\.ExAmPle\.TEST\.\s+IN\s+A");
        output.ShouldMatch(@"(?m)^WwW\.ExAmPle\.TEST\.\s+3600\s+IN\s+A\s+127\.0\.0\.10");
    }

    [SkippableTheory]
    [InlineData("example.test")]
    [InlineData("big.example.test")]
    [InlineData("anything.wild.example.test")]
    public async Task Dig_any_answer_is_one_rrset_that_fits_in_512_bytes(string name)
    {
        await using var server = await PharosServer.StartAsync();
        // dig sends ANY over TCP unless told not to; the amplification concern is UDP.
        var output = await Dig.RunAsync(server.Port, "+notcp", name, "ANY", "+bufsize=4096");
        output.ShouldContain("(UDP)");
        output.ShouldContain("status: NOERROR");
        output.ShouldNotContain(" tc");
        output.ShouldContain("ANSWER: 1,");
        int size = int.Parse(Regex.Match(output, @"MSG SIZE\s+rcvd: (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        size.ShouldBeLessThanOrEqualTo(512);
    }

    [SkippableFact]
    public async Task Dig_any_over_tcp_still_gets_every_rrset()
    {
        await using var server = await PharosServer.StartAsync();
        var output = await Dig.RunAsync(server.Port, "+tcp", "example.test", "ANY");
        foreach (var type in new[] { "SOA", "NS", "MX", "TXT", "CAA" })
        {
            output.ShouldMatch($@"(?m)^example\.test\.\s+\d+\s+IN\s+{type}\s");
        }
    }

    [SkippableTheory]
    [InlineData("www.example.test", "A")]
    [InlineData("missing.example.test", "A")]
    [InlineData("big.example.test", "TXT")]
    public async Task Dig_dnssec_sees_the_do_flag_in_the_answer_opt(string name, string type)
    {
        await using var server = await PharosServer.StartAsync();
        var output = await Dig.RunAsync(server.Port, "+dnssec", "+ignore", name, type);
        output.ShouldMatch(@"(?m)^; EDNS: version: 0, flags: do;");
        var plain = await Dig.RunAsync(server.Port, name, type, "+ignore");
        plain.ShouldMatch(@"(?m)^; EDNS: version: 0, flags:;");
    }

    [SkippableFact]
    public async Task Kdig_gets_answers_over_udp_and_tcp()
    {
        await using var server = await PharosServer.StartAsync();
        var udp = await Dig.KdigAsync(server.Port, "www.example.test", "A");
        udp.ShouldContain("status: NOERROR");
        udp.ShouldMatch(@"(?m)^www\.example\.test\.\s+3600\s+IN\s+A\s+127\.0\.0\.10");
        var tcp = await Dig.KdigAsync(server.Port, "+tcp", "anything.wild.example.test", "A");
        tcp.ShouldMatch(@"(?m)^anything\.wild\.example\.test\.\s+3600\s+IN\s+A\s+127\.0\.0\.5");
        var nx = await Dig.KdigAsync(server.Port, "nope.example.test", "MX");
        nx.ShouldContain("status: NXDOMAIN");
        var big = await Dig.KdigAsync(server.Port, "big.example.test", "TXT");
        big.ShouldContain("TC");
    }

    [SkippableTheory]
    [InlineData("example.test", "SRV")]
    [InlineData("example.test", "CAA")]
    [InlineData("_sip._tcp.example.test", "SRV")]
    [InlineData("opaque.example.test", "TYPE65280")]
    public async Task Kdig_parses_every_record_type(string name, string type)
    {
        await using var server = await PharosServer.StartAsync();
        var output = await Dig.KdigAsync(server.Port, name, type);
        output.ShouldContain("status: NOERROR");
        output.ShouldNotContain("malformed", Case.Insensitive);
    }
}
