using Pharos.Dns.Client;

namespace Pharos.Monitoring.Checks;

/// <summary>What probes share (connection pools, the heartbeat registry, the DNS client, the clock); each check makes its own probe from it.</summary>
public sealed class ProbeFactory(HttpHandlerPool http, HeartbeatRegistry heartbeats, TimeProvider time)
{
    public HttpHandlerPool Http => http;

    public HeartbeatRegistry Heartbeats => heartbeats;

    public TimeProvider Time => time;

    public DnsClient Dns { get; } = new(time);

    public IProbe Create(CheckConfig check) => check.CreateProbe(this);
}
