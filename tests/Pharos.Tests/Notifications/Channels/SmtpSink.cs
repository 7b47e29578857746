using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Pharos.Tests.Notifications.Channels;

/// <summary>
/// A real SMTP server for a test: aiosmtpd run by smtp_sink.py on a free loopback port, refusing the first N
/// commands at DATA or RCPT when asked, and reporting every refused and accepted message.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SmtpSink(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Accepted messages, in the order the server accepted them.</summary>
    public ConcurrentQueue<JsonElement> Messages { get; } = new();

    public ConcurrentQueue<JsonElement> Refused { get; } = new();

    public IEnumerable<string> MessageIds => Messages.Select(m => m.GetProperty("message_id").GetString()!);

    /// <summary>Skips the test when aiosmtpd is missing, except on CI (CI=true), where a missing server is a failure.</summary>
    public static void Require()
    {
        var available = File.Exists(Python) && Run(Python, "-c", "import aiosmtpd.controller") == 0;
        if (!available && Environment.GetEnvironmentVariable("CI") == "true")
        {
            throw new InvalidOperationException("aiosmtpd is needed on CI: apt-get install python3-aiosmtpd");
        }

        Skip.IfNot(available, "aiosmtpd is not installed (apt-get install python3-aiosmtpd)");
    }

    public static async Task<SmtpSink> StartAsync(int failFirst = 0, string code = "451 4.3.0 Try again later", string stage = "data", bool raw = false, int? port = null)
    {
        Require();
        var listen = port ?? FreePort();
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Notifications", "Channels", "smtp_sink.py"), "--port", listen.ToString(System.Globalization.CultureInfo.InvariantCulture), "--fail-first", failFirst.ToString(System.Globalization.CultureInfo.InvariantCulture), "--code", code, "--stage", stage })
        {
            start.ArgumentList.Add(a);
        }

        if (raw)
        {
            start.ArgumentList.Add("--raw");
        }

        var process = Process.Start(start)!;
        var sink = new SmtpSink(process, listen);
        process.OutputDataReceived += (_, e) => sink.OnLine(e.Data);
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var ready = await Task.WhenAny(sink._ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(20)));
        if (ready != sink._ready.Task)
        {
            await sink.DisposeAsync();
            throw new InvalidOperationException("smtp_sink.py did not start");
        }

        return sink;
    }

    public Task UntilAsync(int messages, TimeSpan within) =>
        Support.Eventually.TrueAsync(() => Messages.Count >= messages, within, $"{messages} messages at the SMTP server (got {Messages.Count})");

    private void OnLine(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        var e = JsonDocument.Parse(line).RootElement.Clone();
        switch (e.GetProperty("event").GetString())
        {
            case "ready":
                _ready.TrySetResult();
                break;
            case "message":
                Messages.Enqueue(e);
                break;
            case "refused":
                Refused.Enqueue(e);
                break;
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static int Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        p.WaitForExit(20_000);
        return p.HasExited ? p.ExitCode : -1;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
