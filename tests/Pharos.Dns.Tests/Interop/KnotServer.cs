using System.Net;

namespace Pharos.Dns.Tests.Interop;

/// <summary>Knot DNS (knotd), as a primary allowing TSIG updates or as a secondary of our server.</summary>
internal sealed class KnotServer : DaemonProcess
{
    private KnotServer(int? port = null) : base("pharos-knot", port) { }

    public static async Task<KnotServer> StartPrimaryAsync(string zoneName, string zoneText, string keyName, string secret)
    {
        var server = new KnotServer();
        await File.WriteAllTextAsync(Path.Combine(server.Directory, "zone.db"), zoneText);
        await server.StartAsync($"""
            key:
              - id: {keyName}
                algorithm: hmac-sha256
                secret: {secret}
            acl:
              - id: update
                key: {keyName}
                action: update
            zone:
              - domain: {zoneName}
                file: "{server.Directory}/zone.db"
                acl: update
            """);
        await server.WaitForZoneAsync(DnsName.Parse(zoneName));
        return server;
    }

    public static async Task<KnotServer> StartSecondaryAsync(string zoneName, IPEndPoint primary, int port)
    {
        var server = new KnotServer(port);
        await server.StartAsync($"""
            remote:
              - id: primary
                address: {primary.Address}@{primary.Port}
            acl:
              - id: notify
                address: {primary.Address}
                action: notify
            zone:
              - domain: {zoneName}
                master: primary
                acl: notify
                file: "{server.Directory}/zone.db"
            """);
        return server;
    }

    private async Task StartAsync(string zoneConfig)
    {
        var knotd = ExternalTool.Require("knotd");
        var conf = Path.Combine(Directory, "knot.conf");
        await File.WriteAllTextAsync(conf, $"""
            server:
                rundir: "{Directory}"
                listen: 127.0.0.1@{Port}
                background-workers: 1
                udp-workers: 1
                tcp-workers: 1
            database:
                storage: "{Directory}"
            log:
              - target: stderr
                any: info
            template:
              - id: default
                storage: "{Directory}"
            {zoneConfig}
            """);
        Start(knotd, "-c", conf);
    }
}
