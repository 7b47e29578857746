using System.Net;

namespace Pharos.Dns.Tests.Interop;

/// <summary>NSD as a secondary of our server (taking NOTIFY and pulling AXFR), or as a primary serving a zone file.</summary>
internal sealed class NsdServer : DaemonProcess
{
    private NsdServer(int? port = null) : base("pharos-nsd", port) { }

    /// <summary>NSD serving <paramref name="zoneText"/> on a free loopback port, ready when it answers the SOA.</summary>
    public static async Task<NsdServer> StartPrimaryAsync(string zoneName, string zoneText)
    {
        var server = new NsdServer();
        await File.WriteAllTextAsync(Path.Combine(server.Directory, "zone.db"), zoneText);
        await server.StartAsync(zoneName, "");
        await server.WaitForZoneAsync(DnsName.Parse(zoneName));
        return server;
    }

    public static async Task<NsdServer> StartSecondaryAsync(string zoneName, IPEndPoint primary, int port)
    {
        var server = new NsdServer(port);
        await server.StartAsync(zoneName, $"""
                request-xfr: AXFR {primary.Address}@{primary.Port} NOKEY
                allow-notify: {primary.Address} NOKEY
            """);
        return server;
    }

    private async Task StartAsync(string zoneName, string zoneOptions)
    {
        var nsd = ExternalTool.Require("nsd");
        var dir = Directory;
        var conf = Path.Combine(dir, "nsd.conf");
        await File.WriteAllTextAsync(conf, $"""
            server:
                ip-address: 127.0.0.1@{Port}
                port: {Port}
                zonesdir: "{dir}"
                pidfile: "{dir}/nsd.pid"
                database: ""
                xfrdfile: "{dir}/xfrd.state"
                xfrdir: "{dir}"
                zonelistfile: "{dir}/zone.list"
                username: ""
                chroot: ""
                server-count: 1
                verbosity: 2
                rrl-ratelimit: 0
            remote-control:
                control-enable: no
            zone:
                name: {zoneName}
                zonefile: "{dir}/zone.db"
            {zoneOptions}
            """);
        Start(nsd, "-d", "-c", conf);
    }
}
