using Pharos.Hosting;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Pharos.Monitoring.Checks;

namespace Pharos.Demo;

/// <summary>
/// The small servers the demo's checks probe, on 127.0.0.1 only and only with --demo: a shop front answering by
/// Host header (one custom domain fails for 40 s every 3 minutes), a forum that is slow one minute in five, an SMTP-like
/// banner, and a "billing job" that sends its heartbeat every 20 s. So a new user sees live checks at once.
/// </summary>
public sealed partial class DemoTargets(HeartbeatRegistry heartbeats, PharosConfig config, TimeProvider time, ILogger<DemoTargets> logger) : BackgroundService
{
    public const int HttpPort = 47801;
    public const int BannerPort = 47802;
    public const string FlakyHost = "shop-17.tidewater.test";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tasks = new[]
        {
            Guard(() => ServeHttpAsync(stoppingToken), "http", stoppingToken),
            Guard(() => ServeBannerAsync(stoppingToken), "banner", stoppingToken),
            Guard(() => BeatAsync(stoppingToken), "heartbeat", stoppingToken),
        };
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private async Task Guard(Func<Task> run, string what, CancellationToken ct)
    {
        try
        {
            await run().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogTargetFailed(logger, e, what);
        }
    }

    private async Task ServeHttpAsync(CancellationToken ct)
    {
        using var listener = new TcpListener(IPAddress.Loopback, HttpPort);
        listener.Start();
        while (!ct.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(ct).ConfigureAwait(false);
            _ = Task.Run(() => AnswerHttpAsync(client, ct), ct);
        }
    }

    /// <summary>A deliberately tiny HTTP/1.1 server: enough for the demo, and keeps the demo free of a second Kestrel.</summary>
    private async Task AnswerHttpAsync(TcpClient client, CancellationToken ct)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            while (!ct.IsCancellationRequested)
            {
                var requestLine = await reader.ReadLineAsync(ct).ConfigureAwait(false);
                if (string.IsNullOrEmpty(requestLine))
                {
                    return;
                }

                string host = "", line;
                while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync(ct).ConfigureAwait(false) ?? ""))
                {
                    if (line.StartsWith("Host:", StringComparison.OrdinalIgnoreCase))
                    {
                        host = line[5..].Trim();
                    }
                }

                var (status, body, delay) = Respond(requestLine.Split(' ').ElementAtOrDefault(1) ?? "/", host);
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, time, ct).ConfigureAwait(false);
                }

                var bytes = Encoding.UTF8.GetBytes(body);
                var head = $"HTTP/1.1 {status} {(status == 200 ? "OK" : "Error")}\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct).ConfigureAwait(false);
                await stream.WriteAsync(bytes, ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            // The checker hung up; nothing to do.
        }
    }

    private (int Status, string Body, TimeSpan Delay) Respond(string path, string host)
    {
        var now = time.GetUtcNow();
        var jitter = TimeSpan.FromMilliseconds(5 + Random.Shared.Next(0, 30));
        if (path.StartsWith("/forum", StringComparison.Ordinal))
        {
            var slow = now.Minute % 5 == 0;
            return (200, "{\"status\":\"ok\"}", slow ? TimeSpan.FromMilliseconds(700 + Random.Shared.Next(0, 300)) : jitter);
        }

        var flaky = host.StartsWith(FlakyHost, StringComparison.OrdinalIgnoreCase) && (now.ToUnixTimeSeconds() % 180) < 40;
        return flaky
            ? (500, "{\"status\":\"error\",\"detail\":\"database connection refused\"}", jitter)
            : (200, "{\"status\":\"ok\",\"version\":\"4.2.1\"}", jitter);
    }

    private async Task ServeBannerAsync(CancellationToken ct)
    {
        using var listener = new TcpListener(IPAddress.Loopback, BannerPort);
        listener.Start();
        var banner = Encoding.ASCII.GetBytes("220 mail.tidewater.test ESMTP demo ready\r\n");
        while (!ct.IsCancellationRequested)
        {
            using var client = await listener.AcceptTcpClientAsync(ct).ConfigureAwait(false);
            try
            {
                await client.GetStream().WriteAsync(banner, ct).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The checker closed first.
            }
        }
    }

    private async Task BeatAsync(CancellationToken ct)
    {
        var beats = config.Checks.OfType<HeartbeatCheckConfig>().Select(c => c.Id).ToList();
        while (!ct.IsCancellationRequested)
        {
            foreach (var id in beats)
            {
                heartbeats.Record(id, time.GetUtcNow(), failed: false);
            }

            await Task.Delay(TimeSpan.FromSeconds(20), time, ct).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 4901, Level = LogLevel.Warning, Message = "Demo target {Target} stopped; its checks will fail")]
    private static partial void LogTargetFailed(ILogger logger, Exception exception, string target);
}
