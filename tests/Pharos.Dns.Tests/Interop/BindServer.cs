namespace Pharos.Dns.Tests.Interop;

/// <summary>BIND 9 (named) as a primary allowing TSIG-signed updates.</summary>
internal sealed class BindServer : DaemonProcess
{
    private BindServer() : base("pharos-named") { }

    public static async Task<BindServer> StartAsync(string zoneName, string zoneText, string keyName, string secret)
    {
        var named = ExternalTool.Require("named");
        var server = new BindServer();
        var dir = server.Directory;
        await File.WriteAllTextAsync(Path.Combine(dir, "zone.db"), zoneText);
        await File.WriteAllTextAsync(Path.Combine(dir, "named.conf"), $$"""
            options {
                directory "{{dir}}";
                pid-file "{{dir}}/named.pid";
                session-keyfile "{{dir}}/session.key";
                managed-keys-directory "{{dir}}";
                listen-on port {{server.Port}} { 127.0.0.1; };
                listen-on-v6 { none; };
                recursion no;
                dnssec-validation no;
                notify no;
            };
            controls { };
            key "{{keyName}}" { algorithm hmac-sha256; secret "{{secret}}"; };
            zone "{{zoneName}}" { type primary; file "{{dir}}/zone.db"; allow-update { key "{{keyName}}"; }; };
            """);
        server.Start(named, "-g", "-n", "1", "-c", Path.Combine(dir, "named.conf"));
        await server.WaitForZoneAsync(DnsName.Parse(zoneName));
        return server;
    }
}
