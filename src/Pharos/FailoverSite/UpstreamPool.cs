using System.Collections.Concurrent;
using System.Net;

namespace Pharos.FailoverSite;

/// <summary>
/// The kept-alive connections to the primary for <see cref="DirectForwarder"/>: taken last-in first-out (the warmest
/// first), closed after <see cref="IdleTimeout"/> unused, well before a web server's usual 60–75 s keep-alive so
/// that the primary seldom closes one under us. One timer every <see cref="SweepPeriod"/> closes connections that
/// waited for the primary past the timeout, which bounds every wait without a timer per request.
/// </summary>
internal sealed class UpstreamPool : IDisposable
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan SweepPeriod = TimeSpan.FromMilliseconds(100);

    /// <summary>Big enough for any response head a site sends; a larger one is refused as malformed.</summary>
    private const int BufferSize = 16 * 1024;

    /// <summary>Idle connections kept at most; more concurrent requests than this open and then close their own.</summary>
    private const int MaxIdle = 256;

    private readonly EndPoint _endpoint;
    private readonly TimeSpan _connectTimeout;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ConcurrentStack<UpstreamConnection> _idle = new();
    private readonly ConcurrentDictionary<UpstreamConnection, byte> _open = new();
    private readonly ITimer _sweep;
    private int _idleCount;
    private int _sweeps;
    private int _disposed;

    public UpstreamPool(Uri upstream, TimeSpan connectTimeout, TimeSpan timeout, TimeProvider time)
    {
        // DnsSafeHost drops an IPv6 literal's brackets; a name is resolved at each new connection, as HttpClient does.
        _endpoint = IPAddress.TryParse(upstream.DnsSafeHost, out var ip) ? new IPEndPoint(ip, upstream.Port) : new DnsEndPoint(upstream.IdnHost, upstream.Port);
        _connectTimeout = connectTimeout;
        _timeout = timeout;
        _time = time;
        _sweep = time.CreateTimer(_ => Sweep(), null, SweepPeriod, SweepPeriod);
    }

    /// <summary>An idle connection, if one is kept.</summary>
    public bool TryRent(out UpstreamConnection connection)
    {
        if (_idle.TryPop(out connection!))
        {
            Interlocked.Decrement(ref _idleCount);
            return true;
        }

        return false;
    }

    /// <summary>A new connection, or an exception when the primary refuses or does not answer within the connect timeout.</summary>
    public async ValueTask<UpstreamConnection> ConnectAsync()
    {
        using var timeout = new CancellationTokenSource(_connectTimeout, _time);
        var socket = await InlineCompletions.ConnectAsync(_endpoint, timeout.Token).ConfigureAwait(false);
        var connection = new UpstreamConnection(socket, BufferSize, _time);
        _open[connection] = 0;
        return connection;
    }

    /// <summary>Keeps a connection whose last response was read to its end, with nothing after it.</summary>
    public void Return(UpstreamConnection connection)
    {
        if (Volatile.Read(ref _disposed) != 0 || Interlocked.Increment(ref _idleCount) > MaxIdle)
        {
            Interlocked.Decrement(ref _idleCount);
            Close(connection);
            return;
        }

        connection.Reused = true;
        connection.IdleSince = _time.GetTimestamp();
        _idle.Push(connection);
    }

    /// <summary>Closes a connection that cannot carry another request.</summary>
    public void Close(UpstreamConnection connection)
    {
        _open.TryRemove(connection, out _);
        connection.Dispose();
    }

    private void Sweep()
    {
        var now = _time.GetTimestamp();
        var deadline = now - (long)(_timeout.TotalSeconds * _time.TimestampFrequency);
        foreach (var connection in _open.Keys)
        {
            connection.CloseIfWaitingSince(deadline);
        }

        // Idle ones past the idle timeout, looked for once a second: when there are some, all are taken out and the
        // fresh ones put back (in their order), so that the hot path never meets an emptied stack for nothing.
        if (++_sweeps % 10 != 0)
        {
            return;
        }

        var stale = now - (long)(IdleTimeout.TotalSeconds * _time.TimestampFrequency);
        if (_idle.ToArray().Any(c => c.IdleSince < stale))
        {
            var keep = new List<UpstreamConnection>();
            while (_idle.TryPop(out var c))
            {
                Interlocked.Decrement(ref _idleCount);
                if (c.IdleSince < stale)
                {
                    Close(c);
                }
                else
                {
                    keep.Add(c);
                }
            }

            for (var i = keep.Count - 1; i >= 0; i--)
            {
                Interlocked.Increment(ref _idleCount);
                _idle.Push(keep[i]);
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _sweep.Dispose();
        foreach (var connection in _open.Keys)
        {
            Close(connection);
        }
    }
}
