using System.Net;
using Pharos.Dns.Server;

namespace Pharos.Authoritative;

/// <summary>The built-in authoritative server: where it listens, whom it notifies, who may transfer, and its limits under abuse.</summary>
public sealed record DnsRoleConfig
{
    // The library's defaults are the role's: one place says what they are and why.
    private static readonly DnsServerOptions Defaults = new();

    /// <summary>True when pharos.yaml has a `dns` section or a built-in policy needs the server.</summary>
    public bool Enabled { get; init; }

    public IReadOnlyList<IPEndPoint> Listen { get; init; } = [new IPEndPoint(IPAddress.Loopback, 5353)];

    /// <summary>Secondaries told by NOTIFY when a zone's serial changes.</summary>
    public IReadOnlyList<IPEndPoint> Notify { get; init; } = [];

    /// <summary>Addresses allowed to pull zones by AXFR.</summary>
    public IReadOnlyList<IPAddress> AllowTransfer { get; init; } = [];

    public int Workers { get; init; } = 2;

    /// <summary>`dns.tcp.max_connections`: TCP connections open at once.</summary>
    public int TcpMaxConnections { get; init; } = Defaults.TcpMaxConnections;

    /// <summary>`dns.tcp.max_connections_per_client`: TCP connections open at once from one address.</summary>
    public int TcpMaxConnectionsPerClient { get; init; } = Defaults.TcpMaxConnectionsPerClient;

    /// <summary>`dns.tcp.idle_timeout`: time for a whole query to arrive.</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = Defaults.TcpIdleTimeout;

    /// <summary>`dns.tcp.write_timeout`: time for the client to take one answer or transfer envelope.</summary>
    public TimeSpan TcpWriteTimeout { get; init; } = Defaults.TcpWriteTimeout;

    /// <summary>`dns.rate_limit`: response rate limiting of UDP answers.</summary>
    public ResponseRateLimitOptions RateLimit { get; init; } = Defaults.RateLimit;
}
