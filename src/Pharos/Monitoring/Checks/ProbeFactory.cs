using Pharos.Config;
using Pharos.Dns.Client;

namespace Pharos.Monitoring.Checks;

/// <summary>Makes the probe for a check from its config.</summary>
public sealed class ProbeFactory(HttpHandlerPool http, HeartbeatRegistry heartbeats, TimeProvider time)
{
    private readonly DnsClient _dns = new(time);

    public IProbe Create(CheckConfig c) => c.Type switch
    {
        CheckType.Http => new HttpProbe(c.Http!, c.DegradedLatency, http, time),
        CheckType.Tcp => new TcpProbe(c.Tcp!, c.DegradedLatency),
        CheckType.Dns => new DnsProbe(c.Dns!, c.Timeout, c.DegradedLatency, _dns),
        CheckType.Icmp => new IcmpProbe(c.Icmp!, c.Timeout, c.DegradedLatency),
        CheckType.Tls => new TlsProbe(c.Tls!, c.DegradedLatency, time),
        CheckType.Heartbeat => new HeartbeatProbe(c.Id, c.Heartbeat!, heartbeats, time),
        _ => throw new ArgumentOutOfRangeException(nameof(c), c.Type, "unknown check type"),
    };
}
