using System.Net.NetworkInformation;

namespace Pharos.Monitoring.Checks;

/// <summary>An ICMP echo; needs raw-socket rights (root or CAP_NET_RAW) or the system ping tool.</summary>
public sealed class IcmpProbe(IcmpCheckConfig config) : IProbe
{
    public async Task<ProbeResult> ProbeAsync(CancellationToken ct)
    {
        using var ping = new Ping();
        var reply = await ping.SendPingAsync(config.Host, config.Timeout, cancellationToken: ct).ConfigureAwait(false);
        var latency = TimeSpan.FromMilliseconds(reply.RoundtripTime);
        return reply.Status == IPStatus.Success
            ? ProbeResult.Up(latency, $"reply from {reply.Address}").WithLatencyLimit(config.DegradedLatency)
            : ProbeResult.Down(latency, $"no echo reply: {reply.Status}");
    }
}
