using System.Net;
using Pharos.Dns;
using Pharos.Dns.Server;
using Pharos.Dns.Zones;

namespace Pharos.SystemTests.Support;

/// <summary>
/// An authoritative server the test controls, standing for a nameserver out of Pharos's hands (a secondary that has not
/// transferred the zone yet): it answers one address for every name of a zone until the test moves it to another.
/// </summary>
public sealed class StubNameserver : IAsyncDisposable
{
    private readonly ZoneStore _zones = new();
    private readonly DnsName _origin;
    private readonly int _ttlSeconds;
    private readonly DnsServer _server;

    private StubNameserver(DnsName origin, int ttlSeconds)
    {
        _origin = origin;
        _ttlSeconds = ttlSeconds;
        _server = new DnsServer(_zones, new DnsServerOptions { Endpoints = [new IPEndPoint(IPAddress.Loopback, 0)], UdpWorkers = 1 });
    }

    public IPEndPoint Endpoint => _server.LocalEndpoints[0];

    /// <summary>Serves <paramref name="zone"/> with @, www and * answering <paramref name="address"/> at the given TTL.</summary>
    public static async Task<StubNameserver> StartAsync(string zone, string address, int ttlSeconds)
    {
        var stub = new StubNameserver(DnsName.Parse(zone), ttlSeconds);
        stub.Answer(address);
        await stub._server.StartAsync(CancellationToken.None);
        return stub;
    }

    /// <summary>From now on, every name answers <paramref name="address"/>.</summary>
    public void Answer(string address) => _zones.AddOrReplace(AuthoritativeZone.FromZoneFile($"""
        $ORIGIN {_origin}
        $TTL {_ttlSeconds}
        @    IN SOA ns1 hostmaster 1 3600 600 86400 60
        @    IN NS  ns1
        ns1  IN A   127.0.0.53
        @    IN A   {address}
        www  IN A   {address}
        *    IN A   {address}
        """, _origin));

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
