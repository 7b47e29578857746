using System.Collections.Concurrent;
using System.Net;
using Pharos.Dns.Records;
using Pharos.Dns.Server;

namespace Pharos.Dns.Tests.Interop;

/// <summary>NSD and Knot as secondaries of our server: initial AXFR, then our NOTIFY on change and a fresh transfer.</summary>
public sealed class SecondariesTests
{
    private static readonly DnsName Www = DnsName.Parse("www.example.test.");

    [SkippableFact]
    public async Task Nsd_and_knot_transfer_our_zone_and_follow_our_notify()
    {
        ExternalTool.Require("nsd");
        ExternalTool.Require("knotd");
        int nsdPort = ExternalTool.FreePort(), knotPort = ExternalTool.FreePort();
        var nsdEndpoint = new IPEndPoint(IPAddress.Loopback, nsdPort);
        var knotEndpoint = new IPEndPoint(IPAddress.Loopback, knotPort);
        await using var primary = await PharosServer.StartAsync(configure: o => new DnsServerOptions
        {
            Endpoints = o.Endpoints, UdpWorkers = 1, AllowTransferFrom = [IPAddress.Loopback],
            NotifyTargets = [nsdEndpoint, knotEndpoint], NotifyRetryDelay = TimeSpan.FromMilliseconds(500),
        });
        var acknowledged = new ConcurrentBag<NotifyCompletedEventArgs>();
        primary.Server.NotifyCompleted += (_, e) => acknowledged.Add(e);

        using var nsd = await NsdServer.StartSecondaryAsync("example.test", primary.Endpoint, nsdPort);
        using var knot = await KnotServer.StartSecondaryAsync("example.test", primary.Endpoint, knotPort);
        await nsd.WaitForSerialAsync(TestZones.Origin, 2024010101);
        await knot.WaitForSerialAsync(TestZones.Origin, 2024010101);
        foreach (var port in new[] { nsdPort, knotPort })
        {
            (await Dig.ShortAsync(port, "anything.wild.example.test", "A")).ShouldBe(["127.0.0.5"]);
            (await Dig.ShortAsync(port, "_sip._tcp.example.test", "SRV")).ShouldBe(["10 60 5060 sip.example.test."]);
            (await Dig.ShortAsync(port, "example.test", "CAA")).ShouldBe(["0 issue \"letsencrypt.org\""]);
            (await Dig.ShortAsync(port, "opaque.example.test", "TYPE65280")).ShouldBe(["\\# 4 DEADBEEF"]);
        }

        var updated = primary.Store.ReplaceRecordSet(TestZones.Origin, Www, DnsType.A, 60, [new ARecordData(IPAddress.Parse("127.0.0.11"))]);
        updated.Serial.ShouldBe(2024010102u);
        await nsd.WaitForSerialAsync(TestZones.Origin, 2024010102);
        await knot.WaitForSerialAsync(TestZones.Origin, 2024010102);
        (await Dig.ShortAsync(nsdPort, "www.example.test", "A")).ShouldBe(["127.0.0.11"]);
        (await Dig.ShortAsync(knotPort, "www.example.test", "A")).ShouldBe(["127.0.0.11"]);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (acknowledged.Count(e => e.Serial == 2024010102 && e.Acknowledged) < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        acknowledged.Where(e => e.Serial == 2024010102 && e.Acknowledged).Select(e => e.Target.Port).Order()
            .ShouldBe(new[] { nsdPort, knotPort }.Order());
    }
}
