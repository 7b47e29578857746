namespace Pharos.Dns.Server;

/// <summary>What a <see cref="DnsServer"/> refused, timed out or rate-limited since it started (for metrics and logs).</summary>
public sealed class DnsServerCounters
{
    private long _tcpRefused;
    private long _tcpIdleTimeouts;
    private long _tcpWriteTimeouts;
    private long _tcpEvicted;
    private long _responsesDropped;
    private long _responsesSlipped;

    /// <summary>TCP connections closed at once because the server or their client address was at its cap.</summary>
    public long TcpConnectionsRefused => Interlocked.Read(ref _tcpRefused);

    /// <summary>TCP connections closed because no complete query arrived within the idle timeout.</summary>
    public long TcpIdleTimeouts => Interlocked.Read(ref _tcpIdleTimeouts);

    /// <summary>TCP connections reset because the client did not take an answer (or a transfer envelope) within the write timeout.</summary>
    public long TcpWriteTimeouts => Interlocked.Read(ref _tcpWriteTimeouts);

    /// <summary>TCP connections reset while waiting for a query, to give their slot to a new one when all were taken.</summary>
    public long TcpConnectionsEvicted => Interlocked.Read(ref _tcpEvicted);

    /// <summary>UDP responses not sent because their source prefix was over the rate limit.</summary>
    public long ResponsesDropped => Interlocked.Read(ref _responsesDropped);

    /// <summary>UDP responses replaced by an empty truncated one (a slip) because their source prefix was over the rate limit.</summary>
    public long ResponsesSlipped => Interlocked.Read(ref _responsesSlipped);

    internal void TcpRefused() => Interlocked.Increment(ref _tcpRefused);

    internal void TcpIdleTimeout() => Interlocked.Increment(ref _tcpIdleTimeouts);

    internal void TcpWriteTimeout() => Interlocked.Increment(ref _tcpWriteTimeouts);

    internal void TcpEvicted() => Interlocked.Increment(ref _tcpEvicted);

    internal void Dropped() => Interlocked.Increment(ref _responsesDropped);

    internal void Slipped() => Interlocked.Increment(ref _responsesSlipped);

    /// <inheritdoc/>
    public override string ToString() =>
        $"tcp refused {TcpConnectionsRefused}, evicted {TcpConnectionsEvicted}, idle timeouts {TcpIdleTimeouts}, write timeouts {TcpWriteTimeouts}; udp rate-limited: dropped {ResponsesDropped}, slipped {ResponsesSlipped}";
}
