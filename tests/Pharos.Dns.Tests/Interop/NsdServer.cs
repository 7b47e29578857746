using System.Net;

namespace Pharos.Dns.Tests.Interop;

/// <summary>NSD as a secondary of our server, taking NOTIFY and pulling AXFR.</summary>
internal sealed class NsdServer : DaemonProcess
{
    private NsdServer(int? port = null) : base("pharos-nsd", port) { }

    public static async Task<NsdServer> StartSecondaryAsync(string zoneName, IPEndPoint primary, int port)
    {
        var nsd = ExternalTool.Require("nsd");
        var server = new NsdServer(port);
        var dir = server.Directory;
        var conf = Path.Combine(dir, "nsd.conf");
        await File.WriteAllTextAsync(conf, $"""
            server:
                ip-address: 127.0.0.1@{server.Port}
                port: {server.Port}
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
                request-xfr: AXFR {primary.Address}@{primary.Port} NOKEY
                allow-notify: {primary.Address} NOKEY
            """);
        server.Start(nsd, "-d", "-c", conf);
        return server;
    }
}
