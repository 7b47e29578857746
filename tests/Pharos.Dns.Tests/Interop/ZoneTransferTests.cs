using System.Net;
using Pharos.Dns.Server;
using Pharos.Dns.Tsig;

namespace Pharos.Dns.Tests.Interop;

/// <summary>AXFR from our server: dig pulls it, named-checkzone accepts it, and the ACL and TSIG gate it.</summary>
public sealed class ZoneTransferTests
{
    private const string Secret = "dHJhbnNmZXIta2V5LXNlY3JldC1mb3ItcGhhcm9zLXRlc3Q=";

    [SkippableFact]
    public async Task Named_checkzone_accepts_our_axfr_output()
    {
        var checkzone = ExternalTool.Require("named-checkzone");
        await using var server = await PharosServer.StartAsync(configure: o => new DnsServerOptions { Endpoints = o.Endpoints, UdpWorkers = 1, AllowTransferFrom = [IPAddress.Loopback] });
        var axfr = await Dig.RunAsync(server.Port, "example.test", "AXFR");
        axfr.ShouldNotContain("Transfer failed");
        var file = Path.Combine(Path.GetTempPath(), $"pharos-axfr-{Guid.NewGuid():N}.zone");
        await File.WriteAllTextAsync(file, axfr);
        try
        {
            var (exit, output, error) = await ExternalTool.RunAsync(checkzone, ["-i", "local", "example.test", file], TimeSpan.FromSeconds(30));
            (output + error).ShouldContain("loaded serial 2024010101");
            exit.ShouldBe(0, output + error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [SkippableFact]
    public async Task Axfr_is_refused_to_addresses_not_allowed_and_over_udp()
    {
        await using var server = await PharosServer.StartAsync();
        var output = await Dig.RunAsync(server.Port, "example.test", "AXFR");
        output.ShouldContain("Transfer failed");
        var udp = await new Pharos.Dns.Client.DnsClient().QueryAsync(TestZones.Origin, DnsType.AXFR, server.Endpoint);
        udp.Message.Rcode.ShouldBe(DnsRcode.Refused);
    }

    [SkippableFact]
    public async Task Axfr_signed_with_a_known_tsig_key_is_sent_and_verifies_in_dig()
    {
        var key = new TsigKey { Name = DnsName.Parse("xfr-key."), Secret = Convert.FromBase64String(Secret) };
        await using var server = await PharosServer.StartAsync(configure: o => new DnsServerOptions { Endpoints = o.Endpoints, UdpWorkers = 1, TransferKeys = [key] });
        var output = await Dig.RunAsync(server.Port, "-y", $"hmac-sha256:xfr-key:{Secret}", "example.test", "AXFR");
        output.ShouldNotContain("failed");
        output.ShouldMatch(@"(?m)^www\.example\.test\.\s+3600\s+IN\s+A\s+127\.0\.0\.10");
        output.ShouldContain("xfr-key.");
        var wrong = await Dig.RunAsync(server.Port, "-y", "hmac-sha256:xfr-key:d3JvbmctLXNlY3JldA==", "example.test", "AXFR");
        wrong.ShouldContain("failed");
    }

    [SkippableFact]
    public async Task Signed_query_gets_a_signed_answer_that_dig_verifies()
    {
        var key = new TsigKey { Name = DnsName.Parse("xfr-key."), Secret = Convert.FromBase64String(Secret) };
        await using var server = await PharosServer.StartAsync(configure: o => new DnsServerOptions { Endpoints = o.Endpoints, UdpWorkers = 1, TransferKeys = [key] });
        var output = await Dig.RunAsync(server.Port, "-y", $"hmac-sha256:xfr-key:{Secret}", "www.example.test", "A");
        output.ShouldContain("status: NOERROR");
        output.ShouldMatch(@"(?m)^xfr-key\.\s+0\s+ANY\s+TSIG\s+hmac-sha256\.");
        output.ShouldNotContain("tsig verify failure");
    }
}
