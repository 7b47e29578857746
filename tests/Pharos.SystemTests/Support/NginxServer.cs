using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Pharos.SystemTests.Support;

/// <summary>Debian's nginx with one site file, its state under a test folder, on a loopback port; stopped when disposed.</summary>
public sealed class NginxServer : IAsyncDisposable
{
    public const string Path = "/usr/sbin/nginx";

    private readonly Process _process;
    private readonly string _errorLog;

    private NginxServer(Process process, string errorLog, int port)
    {
        _process = process;
        _errorLog = errorLog;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Starts nginx with the site file included in its http {} block, after `nginx -t` accepts the config.</summary>
    public static async Task<NginxServer> StartAsync(string dir, string site, int port)
    {
        Requirements.File(Path, "nginx");
        await File.WriteAllTextAsync(System.IO.Path.Combine(dir, "site.conf"), site);
        var conf = System.IO.Path.Combine(dir, "nginx.conf");
        await File.WriteAllTextAsync(conf, $$"""
            daemon off;
            user root;
            worker_processes 1;
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/error.log info;
            events { worker_connections 256; }
            http {
                access_log {{dir}}/access.log;
                client_body_temp_path {{dir}}/body;
                proxy_temp_path {{dir}}/proxy;
                fastcgi_temp_path {{dir}}/fastcgi;
                uwsgi_temp_path {{dir}}/uwsgi;
                scgi_temp_path {{dir}}/scgi;
                include {{dir}}/site.conf;
            }
            """);
        using (var test = Process.Start(new ProcessStartInfo(Path) { ArgumentList = { "-t", "-p", dir, "-c", conf }, RedirectStandardError = true, UseShellExecute = false })!)
        {
            var output = await test.StandardError.ReadToEndAsync();
            await test.WaitForExitAsync();
            test.ExitCode.ShouldBe(0, output);
        }

        var process = Process.Start(new ProcessStartInfo(Path) { ArgumentList = { "-p", dir, "-c", conf }, UseShellExecute = false, RedirectStandardError = true })!;
        var nginx = new NginxServer(process, System.IO.Path.Combine(dir, "error.log"), port);
        // nginx writes its pid file only once its sockets are bound: a probe that connects before that may have
        // reached another process on the port, and nginx would then exit on its failed bind.
        var pidFile = System.IO.Path.Combine(dir, "nginx.pid");
        await Eventually.TrueAsync(() => (File.Exists(pidFile) && Listening(port)) || process.HasExited, TimeSpan.FromSeconds(10), "nginx listening");
        process.HasExited.ShouldBeFalse(nginx.ErrorLog());
        return nginx;
    }

    public string ErrorLog() => File.Exists(_errorLog) ? File.ReadAllText(_errorLog) : "(no error log)";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static bool Listening(int port)
    {
        try
        {
            using var probe = new TcpClient();
            probe.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
