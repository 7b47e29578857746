using System.Net;
using Pharos.Dns.Tsig;

namespace Pharos.Dns.Server;

/// <summary>How a <see cref="DnsServer"/> listens, whom it lets transfer zones and whom it notifies.</summary>
public sealed class DnsServerOptions
{
    /// <summary>Addresses to serve on, UDP and TCP alike. Port 0 picks one free port shared by both.</summary>
    public IReadOnlyList<IPEndPoint> Endpoints { get; init; } = [new IPEndPoint(IPAddress.Loopback, 53)];

    /// <summary>UDP receive loops per endpoint, each on its own thread, all blocking on the endpoint's one socket.</summary>
    public int UdpWorkers { get; init; } = Environment.ProcessorCount;

    /// <summary>Client addresses allowed to AXFR/IXFR without TSIG.</summary>
    public IReadOnlyList<IPAddress> AllowTransferFrom { get; init; } = [];

    /// <summary>TSIG keys the server knows; a request signed with any of them may transfer zones.</summary>
    public IReadOnlyList<TsigKey> TransferKeys { get; init; } = [];

    /// <summary>Secondaries to send NOTIFY (RFC 1996) to when a zone changes.</summary>
    public IReadOnlyList<IPEndPoint> NotifyTargets { get; init; } = [];

    /// <summary>NOTIFY attempts per target before giving up (RFC 1996 §3.6).</summary>
    public int NotifyAttempts { get; init; } = 5;

    /// <summary>Wait for a NOTIFY acknowledgement before the first retry; doubled after each.</summary>
    public TimeSpan NotifyRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest UDP response we send with EDNS (RFC 6891 §6.2.5; 1232 avoids fragmentation).</summary>
    public int MaxUdpPayload { get; init; } = 1232;

    /// <summary>
    /// A TCP connection that does not deliver a whole query within this time is closed (RFC 7766 §6.2.3): the wait
    /// between queries and the time to send one. Knot's default; once more than half the TCP slots are busy, the
    /// server waits at most 200 ms instead.
    /// </summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A client that does not take an answer, or one zone-transfer envelope, within this time is reset. Knot allows
    /// 500 ms; 5 s also survives a couple of lost segments (TCP's first retransmission waits 1 s).
    /// </summary>
    public TimeSpan TcpWriteTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>TCP connections open at once, from everyone; more are closed at once. BIND allows 150, NSD 100 per process, Knot half its descriptors.</summary>
    public int TcpMaxConnections { get; init; } = 1000;

    /// <summary>TCP connections open at once from one client address, so that one address cannot take every slot.</summary>
    public int TcpMaxConnectionsPerClient { get; init; } = 20;

    /// <summary>Response rate limiting of UDP answers per source prefix; on by default, loopback exempt.</summary>
    public ResponseRateLimitOptions RateLimit { get; init; } = new();

    /// <summary>Clock for TSIG, timeouts and rate limiting.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
