using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Pharos.Dns;
using Pharos.Dns.Client;
using Pharos.Dns.Wire;

namespace Pharos.Tests.Support;

/// <summary>
/// A real NSD serving one zone from a temp folder on a free loopback port (the minimal bits of the DNS tests'
/// interop helpers). Missing NSD skips the test, except under CI=true where it fails.
/// </summary>
public sealed class NsdServer : IDisposable
{
    private readonly Process _process;
    private readonly TempDir _dir;

    private NsdServer(Process process, TempDir dir, int port)
    {
        _process = process;
        _dir = dir;
        Endpoint = new IPEndPoint(IPAddress.Loopback, port);
    }

    public IPEndPoint Endpoint { get; }

    public static async Task<NsdServer> StartAsync(string zoneName, string zoneText)
    {
        var nsd = new[] { "/usr/sbin/nsd", "/usr/bin/nsd", "/sbin/nsd" }.FirstOrDefault(File.Exists);
        if (nsd is null && Environment.GetEnvironmentVariable("CI") == "true")
        {
            throw new InvalidOperationException("nsd is required under CI (apt-get install nsd)");
        }

        Skip.If(nsd is null, "nsd is not installed");
        var dir = new TempDir();
        var port = FreePort();
        dir.Write("zone.db", zoneText);
        var conf = dir.Write("nsd.conf", $"""
            server:
                ip-address: 127.0.0.1@{port}
                port: {port}
                zonesdir: "{dir.Path}"
                pidfile: "{dir.Path}/nsd.pid"
                database: ""
                xfrdfile: "{dir.Path}/xfrd.state"
                zonelistfile: "{dir.Path}/zone.list"
                username: ""
                chroot: ""
                server-count: 1
                rrl-ratelimit: 0
            remote-control:
                control-enable: no
            zone:
                name: {zoneName}
                zonefile: "{dir.Path}/zone.db"
            """);
        var info = new ProcessStartInfo(nsd!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-d", "-c", conf })
        {
            info.ArgumentList.Add(a);
        }

        var server = new NsdServer(Process.Start(info)!, dir, port);
        await server.WaitReadyAsync(DnsName.Parse(zoneName));
        return server;
    }

    private async Task WaitReadyAsync(DnsName zone)
    {
        var client = new DnsClient();
        for (var i = 0; i < 100; i++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("nsd exited: " + await _process.StandardError.ReadToEndAsync());
            }

            try
            {
                var r = await client.QueryAsync(zone, DnsType.SOA, Endpoint, new DnsQueryOptions { Timeout = TimeSpan.FromMilliseconds(200), Attempts = 1 });
                if (r.Message.Rcode == DnsRcode.NoError && r.Message.Answers.Count > 0)
                {
                    return;
                }
            }
            catch (Exception e) when (e is TimeoutException or SocketException or DnsFormatException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("nsd did not start serving");
    }

    private static int FreePort()
    {
        while (true)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        _dir.Dispose();
    }
}
