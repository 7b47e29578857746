using System.Net;
using System.Runtime.InteropServices;
using Pharos.Dns.Server;
using Pharos.Dns.Zones;

namespace Pharos.Dns.Bench;

/// <summary>Hosts DnsServer on 127.0.0.1 with one zone file, for dnsperf and the fuzzer.</summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(string zoneFile, string origin, int port, int workers)
    {
        var store = new ZoneStore();
        store.AddOrReplace(AuthoritativeZone.FromZoneFile(await File.ReadAllTextAsync(zoneFile), DnsName.Parse(origin)));
        await using var server = new DnsServer(store, new DnsServerOptions { Endpoints = [new IPEndPoint(IPAddress.Loopback, port)], UdpWorkers = workers });
        await server.StartAsync(CancellationToken.None);
        Console.WriteLine($"ready on {server.LocalEndpoints[0]} with {workers} UDP workers");
        // Run until SIGINT/SIGTERM; the bench scripts stop it by PID.
        var stop = new TaskCompletionSource();
        // Handled rather than left to the runtime's default, so that the counters below are printed before exit.
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
        await stop.Task;
        await server.StopAsync(CancellationToken.None);
        // What the abuse limits did, for bench/dns-abuse.
        Console.WriteLine($"counters: {server.Counters}");
        return 0;
    }
}
