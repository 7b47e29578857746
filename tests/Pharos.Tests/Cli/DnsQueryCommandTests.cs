using System.Net;
using Pharos.Cli;
using Pharos.Dns;
using Pharos.Dns.Server;
using Pharos.Dns.Zones;

namespace Pharos.Tests.Cli;

public sealed class DnsQueryCommandTests : IAsyncLifetime
{
    private const string Zone = """
        $ORIGIN example.test.
        $TTL 60
        @    IN SOA ns1 hostmaster 1 3600 600 86400 60
        @    IN NS  ns1
        ns1  IN A   127.0.0.53
        www  IN A   127.0.0.10
        """;

    private DnsServer _server = null!;

    public async Task InitializeAsync()
    {
        var store = new ZoneStore();
        store.AddOrReplace(AuthoritativeZone.FromZoneFile(Zone, DnsName.Parse("example.test.")));
        _server = new DnsServer(store, new DnsServerOptions { Endpoints = [new IPEndPoint(IPAddress.Loopback, 0)], UdpWorkers = 1 });
        await _server.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<(int Code, string Out)> Run(params string[] args)
    {
        var output = new StringWriter();
        var code = await PharosCli.RunAsync(args, output, new StringWriter());
        return (code, output.ToString());
    }

    private string At => $"@127.0.0.1:{_server.LocalEndpoints[0].Port}";

    [Fact]
    public async Task Query_prints_the_answer_and_succeeds()
    {
        var (code, output) = await Run("dns", "query", "www.example.test", "A", At);
        code.ShouldBe(0);
        output.ShouldContain("127.0.0.10");
    }

    [Fact]
    public async Task Nxdomain_is_a_failure_exit()
    {
        var (code, output) = await Run("dns", "query", "nope.example.test", "A", At);
        code.ShouldNotBe(0);
        output.ShouldContain("NXDOMAIN");
    }

    [Fact]
    public async Task Tcp_works_too()
    {
        var (code, output) = await Run("dns", "query", "www.example.test", "A", At, "--tcp");
        code.ShouldBe(0);
        output.ShouldContain("127.0.0.10");
    }
}
