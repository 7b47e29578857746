using System.Net;
using Pharos.Dns.Client;
using Pharos.Dns.Tests.Interop;
using Pharos.Dns.Tools;

namespace Pharos.Dns.Tests.Client;

public sealed class DnsClientTests
{
    [Fact]
    public async Task Truncated_udp_answer_is_retried_over_tcp()
    {
        await using var server = await PharosServer.StartAsync();
        var response = await new DnsClient().QueryAsync(DnsName.Parse("big.example.test."), DnsType.TXT, server.Endpoint);
        response.OverTcp.ShouldBeTrue();
        response.Message.Answers.Count.ShouldBe(20);
    }

    [Fact]
    public async Task Silent_server_times_out()
    {
        using var silent = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await Should.ThrowAsync<TimeoutException>(() => new DnsClient().QueryAsync(DnsName.Parse("x.test."), DnsType.A,
            (IPEndPoint)silent.LocalEndPoint!, new DnsQueryOptions { Timeout = TimeSpan.FromMilliseconds(200), Attempts = 2 }));
    }

    [Fact]
    public async Task Dig_tool_prints_sections_and_returns_zero_on_noerror()
    {
        await using var server = await PharosServer.StartAsync();
        var output = new StringWriter();
        (await DigTool.RunAsync("example.test", "MX", $"@127.0.0.1:{server.Port}", output)).ShouldBe(0);
        var text = output.ToString();
        text.ShouldContain("status: NOERROR");
        text.ShouldContain(";; ANSWER SECTION:");
        text.ShouldContain("10 mail.example.test.");
        text.ShouldContain(";; ADDITIONAL SECTION:");
        text.ShouldContain(";; Query time:");
    }

    [Fact]
    public async Task Dig_tool_returns_non_zero_on_nxdomain_and_bad_input()
    {
        await using var server = await PharosServer.StartAsync();
        (await DigTool.RunAsync("nope.example.test", "A", $"127.0.0.1:{server.Port}", new StringWriter(), tcp: true)).ShouldBe(1);
        (await DigTool.RunAsync("example.test", "NOTATYPE", $"127.0.0.1:{server.Port}", new StringWriter())).ShouldBe(2);
        (await DigTool.RunAsync("example.test", "A", "not-an-ip", new StringWriter())).ShouldBe(2);
    }
}
