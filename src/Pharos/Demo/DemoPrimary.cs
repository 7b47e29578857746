using Pharos.Hosting;
using Pharos.Monitoring.Checks;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pharos.Demo;

/// <summary>
/// The demo's primary environment: a tiny shop front on the address the demo zone's primary record names. Break it
/// with `curl -X POST http://127.0.0.10:8082/demo/break` to watch a failover; repair it with /demo/repair.
/// </summary>
public sealed partial class DemoPrimary(PharosConfig config, ILogger<DemoPrimary> logger) : BackgroundService
{
    /// <summary>Where the sample config's policy probes its primary.</summary>
    public static readonly IPEndPoint Default = new(IPAddress.Parse("127.0.0.10"), 8082);

    /// <summary>Where the primary listens: where the first policy's trigger check probes it, when that is an HTTP URL with an address.</summary>
    public static IPEndPoint EndpointFor(PharosConfig config)
    {
        var trigger = config.Failover.Policies.FirstOrDefault()?.Trigger.Checks.FirstOrDefault();
        return config.Checks.FirstOrDefault(c => c.Id == trigger) is HttpCheckConfig http && IPAddress.TryParse(http.Url.Host, out var address)
            ? new IPEndPoint(address, http.Url.Port)
            : Default;
    }

    private volatile bool _broken;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.Failover.Policies.Any())
        {
            return;
        }

        try
        {
            var endpoint = EndpointFor(config);
            using var listener = new TcpListener(endpoint);
            listener.Start();
            LogListening(logger, $"http://{endpoint}");
            while (!stoppingToken.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stoppingToken).ConfigureAwait(false);
                _ = Task.Run(() => AnswerAsync(client, stoppingToken), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (SocketException e)
        {
            LogCannotListen(logger, EndpointFor(config).ToString(), e);
        }
    }

    private async Task AnswerAsync(TcpClient client, CancellationToken ct)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            var requestLine = await reader.ReadLineAsync(ct).ConfigureAwait(false) ?? "";
            while (!string.IsNullOrEmpty(await reader.ReadLineAsync(ct).ConfigureAwait(false)))
            {
            }

            var parts = requestLine.Split(' ');
            var (method, path) = (parts.ElementAtOrDefault(0) ?? "GET", parts.ElementAtOrDefault(1) ?? "/");
            if (method == "POST" && path == "/demo/break")
            {
                _broken = true;
            }
            else if (method == "POST" && path == "/demo/repair")
            {
                _broken = false;
            }

            var (status, body) = _broken
                ? (503, "The primary environment is broken (demo). POST /demo/repair to fix it.\n")
                : (200, "Tidewater shop, primary environment: ok\n");
            var bytes = Encoding.UTF8.GetBytes(body);
            var head = $"HTTP/1.1 {status} {(status == 200 ? "OK" : "Service Unavailable")}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct).ConfigureAwait(false);
            await stream.WriteAsync(bytes, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            // The caller hung up.
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Demo primary environment on {Url}: POST /demo/break and /demo/repair to watch a failover")]
    private static partial void LogListening(ILogger logger, string url);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Demo primary environment cannot listen on {Endpoint}")]
    private static partial void LogCannotListen(ILogger logger, string endpoint, Exception exception);
}
