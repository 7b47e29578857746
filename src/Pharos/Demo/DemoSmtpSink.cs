using System.Net;
using System.Net.Sockets;

namespace Pharos.Demo;

/// <summary>
/// The demo's mail server: a minimal SMTP receiver on loopback (RFC 5321: EHLO/HELO, MAIL, RCPT, DATA with
/// dot-unstuffing, RSET, NOOP, QUIT) that accepts every message into the <see cref="DemoInbox"/>. It relays nothing
/// and listens only on loopback; lines, messages, recipients and clients are bounded so a stray client cannot
/// exhaust the demo.
/// </summary>
public sealed partial class DemoSmtpSink : IAsyncDisposable
{
    /// <summary>RFC 5321 4.5.3.1.6: a text line is at most 1000 octets with its CRLF.</summary>
    public const int MaxLine = 1000;

    /// <summary>The largest message accepted (advertised as SIZE).</summary>
    public const int MaxMessage = 1024 * 1024;

    /// <summary>RFC 5321 4.5.3.1.8 asks for at least 100.</summary>
    public const int MaxRecipients = 100;

    /// <summary>Sessions served at once; more are told 421 and closed.</summary>
    public const int MaxClients = 64;

    /// <summary>A client silent this long is hung up on.</summary>
    internal static readonly TimeSpan Idle = TimeSpan.FromMinutes(1);

    private readonly TcpListener _listener;
    private readonly DemoInbox _inbox;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _slots = new(MaxClients, MaxClients);
    private readonly Task _accepting;

    private DemoSmtpSink(TcpListener listener, DemoInbox inbox)
    {
        _listener = listener;
        _inbox = inbox;
        _accepting = AcceptAsync();
    }

    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Where failed sessions are reported; the sink starts before the host that has the loggers.</summary>
    public ILogger Logger { get; set; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <summary>Listens on a free port of <paramref name="address"/> (loopback) and starts accepting.</summary>
    public static DemoSmtpSink Start(IPAddress address, DemoInbox inbox)
    {
        var listener = new TcpListener(address, 0);
        listener.Start();
        return new DemoSmtpSink(listener, inbox);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client), CancellationToken.None);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var admitted = _slots.Wait(0);
        try
        {
            var stream = client.GetStream();
            if (!admitted)
            {
                await stream.WriteAsync("421 4.3.2 Too many connections, try again later\r\n"u8.ToArray(), _stop.Token).ConfigureAwait(false);
                return;
            }

            await new DemoSmtpSession(stream, _inbox, _stop.Token).RunAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client hung up, idled out, or the demo is stopping.
        }
        catch (Exception e)
        {
            LogSessionFailed(Logger, e);
        }
        finally
        {
            if (admitted)
            {
                _slots.Release();
            }
        }
    }

    [LoggerMessage(EventId = 9321, Level = LogLevel.Warning, Message = "The demo mail sink failed serving a client")]
    private static partial void LogSessionFailed(ILogger logger, Exception exception);
}
