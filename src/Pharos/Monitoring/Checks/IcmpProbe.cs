using System.Net.NetworkInformation;
using Pharos.Config;

namespace Pharos.Monitoring.Checks;

/// <summary>An ICMP echo; needs raw-socket rights (root or CAP_NET_RAW) or the system ping tool.</summary>
public sealed class IcmpProbe(IcmpCheckConfig config, TimeSpan timeout, TimeSpan? degradedLatency) : IProbe
{
    public async Task<ProbeResult> ProbeAsync(CancellationToken ct)
    {
        using var ping = new Ping();
        var reply = await ping.SendPingAsync(config.Host, timeout, cancellationToken: ct).ConfigureAwait(false);
        var latency = TimeSpan.FromMilliseconds(reply.RoundtripTime);
        return reply.Status == IPStatus.Success
            ? ProbeResult.Up(latency, $"reply from {reply.Address}").WithLatencyLimit(degradedLatency)
            : ProbeResult.Down(latency, $"no echo reply: {reply.Status}");
    }
}
