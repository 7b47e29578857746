using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pharos.Tests.FailoverSite;

/// <summary>
/// A primary that answers with exactly the bytes a test gives it, on real loopback sockets: for the response shapes a
/// framework server would never send (chunk extensions, a body cut short, conflicting lengths, a kept connection
/// closed without a word). Records each request head and counts connections.
/// </summary>
internal sealed class RawUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<Answer> _answer;
    private readonly Task _accepting;
    private int _connections;
    private long _bodyBytesWritten;

    /// <summary>What to send for one request: bytes, perhaps a long body produced as it is written, and whether to close after.</summary>
    public sealed record Answer(byte[] Head, long StreamedBody = 0, bool Close = false);

    public RawUpstream(Func<Answer> answer, IPAddress? address = null)
    {
        _listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        _answer = answer;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public static RawUpstream Sending(string response, bool close = false) => new(() => new Answer(Encoding.Latin1.GetBytes(response), Close: close));

    public Uri Url(string path = "/")
    {
        var local = (IPEndPoint)_listener.LocalEndpoint;
        var host = local.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{local.Address}]" : local.Address.ToString();
        return new Uri($"http://{host}:{local.Port}{path}");
    }

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Bytes of streamed bodies the sockets have taken so far.</summary>
    public long BodyBytesWritten => Interlocked.Read(ref _bodyBytesWritten);

    public ConcurrentQueue<string> Heads { get; } = new();

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                connections.Add(ServeAsync(client));
            }
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var buffer = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (true)
            {
                int end;
                while ((end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(filled), _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    filled += read;
                }

                Heads.Enqueue(Encoding.Latin1.GetString(buffer, 0, end));
                buffer.AsSpan(end + 4, filled - end - 4).CopyTo(buffer);
                filled -= end + 4;
                var answer = _answer();
                await stream.WriteAsync(answer.Head, _stop.Token);
                var chunk = new byte[64 * 1024];
                for (var left = answer.StreamedBody; left > 0;)
                {
                    var n = (int)Math.Min(chunk.Length, left);
                    await stream.WriteAsync(chunk.AsMemory(0, n), _stop.Token);
                    Interlocked.Add(ref _bodyBytesWritten, n);
                    left -= n;
                }

                if (answer.Close)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
