using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Pharos.Monitoring.Checks;

/// <summary>A TCP connect; optionally sends a line and waits for a banner containing the expected text.</summary>
public sealed class TcpProbe(TcpCheckConfig config) : IProbe
{
    public async Task<ProbeResult> ProbeAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(config.Host, config.Port, ct).ConfigureAwait(false);
        var latency = Stopwatch.GetElapsedTime(started);
        if (config.Send is null && config.ExpectBanner is null)
        {
            return ProbeResult.Up(latency, "connected").WithLatencyLimit(config.DegradedLatency);
        }

        var stream = client.GetStream();
        if (config.Send is not null)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(config.Send), ct).ConfigureAwait(false);
        }

        if (config.ExpectBanner is null)
        {
            return ProbeResult.Up(Stopwatch.GetElapsedTime(started), "connected and sent").WithLatencyLimit(config.DegradedLatency);
        }

        var buffer = new byte[4096];
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(total), ct).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            total += n;
            if (Encoding.UTF8.GetString(buffer, 0, total).Contains(config.ExpectBanner, StringComparison.Ordinal))
            {
                return ProbeResult.Up(Stopwatch.GetElapsedTime(started), "banner received").WithLatencyLimit(config.DegradedLatency);
            }
        }

        var got = Encoding.UTF8.GetString(buffer, 0, total).Trim();
        return ProbeResult.Down(Stopwatch.GetElapsedTime(started), $"banner '{(got.Length > 60 ? got[..60] : got)}' does not contain '{config.ExpectBanner}'");
    }
}
