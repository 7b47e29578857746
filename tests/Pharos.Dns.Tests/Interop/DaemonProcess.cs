using System.Diagnostics;
using System.Net;
using Pharos.Dns.Client;

namespace Pharos.Dns.Tests.Interop;

/// <summary>A DNS daemon started by a test in its own temp directory, killed on dispose.</summary>
internal abstract class DaemonProcess : IDisposable
{
    private Process? _process;
    private readonly System.Text.StringBuilder _log = new();

    protected DaemonProcess(string prefix, int? port = null)
    {
        Directory = ExternalTool.TempDir(prefix);
        Port = port ?? ExternalTool.FreePort();
    }

    public string Directory { get; }

    public int Port { get; }

    public IPEndPoint Endpoint => new(IPAddress.Loopback, Port);

    public string Log
    {
        get { lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    protected void Start(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Polls with SOA queries until the zone is served, or fails after the deadline.</summary>
    public async Task WaitForZoneAsync(DnsName zone, Func<DnsMessage, bool>? ready = null, int seconds = 20)
    {
        var client = new DnsClient();
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (_process is { HasExited: true })
            {
                throw new InvalidOperationException($"{GetType().Name} exited: {Log}");
            }

            try
            {
                var response = await client.QueryAsync(zone, DnsType.SOA, Endpoint, new DnsQueryOptions { Timeout = TimeSpan.FromMilliseconds(300), Attempts = 1 });
                if (response.Message.Rcode == DnsRcode.NoError && response.Message.Answers.Count > 0 && (ready?.Invoke(response.Message) ?? true))
                {
                    return;
                }
            }
            catch (Exception e) when (e is TimeoutException or System.Net.Sockets.SocketException or DnsFormatException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{GetType().Name} did not serve {zone} within {seconds}s: {Log}");
    }

    /// <summary>Waits until the daemon serves the zone with at least <paramref name="serial"/>.</summary>
    public Task WaitForSerialAsync(DnsName zone, uint serial, int seconds = 20) =>
        WaitForZoneAsync(zone, m => m.Answers[0].Data is Records.SoaRecordData soa && soa.Serial >= serial, seconds);

    public void Dispose()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
            }

            _process?.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
        _process?.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }
}
