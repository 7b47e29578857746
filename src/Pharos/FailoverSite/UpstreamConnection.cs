using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Pharos.FailoverSite;

/// <summary>
/// One HTTP/1.1 connection to the primary, with the receive buffer that outlives each response (bytes read past a
/// response's end stay in it). Waiting for the primary is bounded by <see cref="UpstreamPool"/>'s sweep, which
/// closes a connection that has waited past the timeout, so no timer is armed per request.
/// </summary>
internal sealed class UpstreamConnection(Socket socket, int bufferSize, TimeProvider time) : IDisposable
{
    private long _waitingSince;
    private int _disposed;

    /// <summary>The bytes received and not yet taken: <c>Buffer[Start..End]</c>.</summary>
    public byte[] Buffer { get; } = new byte[bufferSize];

    public int Start { get; set; }

    public int End { get; set; }

    /// <summary>When it went back to the pool (a timestamp), for closing connections idle too long.</summary>
    public long IdleSince { get; set; }

    /// <summary>Whether it has carried a response before: a failure before any byte may then be a close the primary made while it sat idle.</summary>
    public bool Reused { get; set; }

    /// <summary>True once the sweep closed it for staying silent past the timeout.</summary>
    public bool TimedOut { get; private set; }

    public int Unread => End - Start;

    public ReadOnlySpan<byte> UnreadSpan => Buffer.AsSpan(Start, End - Start);

    /// <summary>Sends the whole request head.</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await socket.SendAsync(bytes, SocketFlags.None).ConfigureAwait(false);
            bytes = bytes[sent..];
        }
    }

    /// <summary>
    /// Receives more bytes after <see cref="End"/> (moving the unread ones to the front when the buffer's end is
    /// reached); 0 when the primary closed the connection.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReceiveAsync()
    {
        if (Start == End)
        {
            Start = End = 0;
        }
        else if (End == Buffer.Length)
        {
            if (Start == 0)
            {
                throw new UpstreamProtocolException("a line longer than the receive buffer");
            }

            Buffer.AsSpan(Start, End - Start).CopyTo(Buffer);
            End -= Start;
            Start = 0;
        }

        Volatile.Write(ref _waitingSince, time.GetTimestamp());
        try
        {
            var read = await socket.ReceiveAsync(Buffer.AsMemory(End), SocketFlags.None).ConfigureAwait(false);
            End += read;
            return read;
        }
        catch (Exception e) when (TimedOut && e is SocketException or ObjectDisposedException)
        {
            throw new TimeoutException("the primary stayed silent past the timeout", e);
        }
        finally
        {
            Volatile.Write(ref _waitingSince, 0);
        }
    }

    /// <summary>
    /// Receives until the unread bytes hold <paramref name="delimiter"/>; where it starts (an index into
    /// <see cref="Buffer"/>), or -1 when the primary closed the connection first.
    /// </summary>
    public async ValueTask<int> ReceiveUntilAsync(ReadOnlyMemory<byte> delimiter)
    {
        while (true)
        {
            var at = UnreadSpan.IndexOf(delimiter.Span);
            if (at >= 0)
            {
                return Start + at;
            }

            if (await ReceiveAsync().ConfigureAwait(false) == 0)
            {
                return -1;
            }
        }
    }

    /// <summary>Closes the connection when it has waited for the primary since before <paramref name="deadline"/>.</summary>
    public void CloseIfWaitingSince(long deadline)
    {
        var since = Volatile.Read(ref _waitingSince);
        if (since != 0 && since < deadline)
        {
            TimedOut = true;
            Dispose();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            socket.Dispose();
        }
    }
}

/// <summary>The primary answered with something that is not an HTTP/1.1 response this proxy can pass on.</summary>
internal sealed class UpstreamProtocolException(string message) : Exception("the primary's response is malformed: " + message);
