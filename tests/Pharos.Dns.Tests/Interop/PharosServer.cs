using System.Net;
using Pharos.Dns.Server;
using Pharos.Dns.Zones;

namespace Pharos.Dns.Tests.Interop;

/// <summary>Our own server on a free loopback port, for the tests to talk to.</summary>
internal sealed class PharosServer : IAsyncDisposable
{
    private PharosServer(ZoneStore store, DnsServer server)
    {
        Store = store;
        Server = server;
    }

    public ZoneStore Store { get; }

    public DnsServer Server { get; }

    public IPEndPoint Endpoint => Server.LocalEndpoints[0];

    public int Port => Endpoint.Port;

    public static async Task<PharosServer> StartAsync(string? zoneText = null, Func<DnsServerOptions, DnsServerOptions>? configure = null)
    {
        var store = new ZoneStore();
        store.AddOrReplace(AuthoritativeZone.FromZoneFile(zoneText ?? TestZones.ExampleZone(), TestZones.Origin));
        var options = new DnsServerOptions { Endpoints = [new IPEndPoint(IPAddress.Loopback, 0)], UdpWorkers = 2 };
        if (configure is not null)
        {
            options = configure(options);
        }

        var server = new DnsServer(store, options);
        await server.StartAsync(CancellationToken.None);
        return new PharosServer(store, server);
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
