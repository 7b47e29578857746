using System.Net;
using System.Net.Sockets;
using Pharos.Dns.Zones;

namespace Pharos.Dns.Server;

/// <summary>A failure inside the server that did not stop it.</summary>
public sealed class DnsServerErrorEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public DnsServerErrorEventArgs(string context, Exception exception)
    {
        Context = context;
        Exception = exception;
    }

    /// <summary>Where it happened, e.g. "udp", "tcp", "axfr".</summary>
    public string Context { get; }

    /// <summary>What happened.</summary>
    public Exception Exception { get; }
}

/// <summary>
/// An embeddable authoritative DNS server answering from a <see cref="ZoneStore"/> over UDP and TCP, with AXFR to
/// allowed addresses or TSIG keys and NOTIFY to secondaries whenever the store changes a zone. Host it by calling
/// <see cref="StartAsync"/> and <see cref="StopAsync"/> (for example from a BackgroundService).
/// </summary>
public sealed partial class DnsServer : IAsyncDisposable
{
    private readonly ZoneStore _zones;
    private readonly DnsServerOptions _options;
    private readonly QueryHandler _handler;
    private readonly NotifySender _notify;
    private readonly TcpConnectionSlots _tcpSlots;
    private readonly ResponseRateLimiter? _rateLimiter;
    private readonly List<Socket> _sockets = [];
    private readonly List<Thread> _udpThreads = [];
    private readonly List<Task> _tcpTasks = [];
    private readonly List<IPEndPoint> _bound = [];
    private CancellationTokenSource? _stopping;

    /// <summary>Creates a server; nothing listens until <see cref="StartAsync"/>.</summary>
    public DnsServer(ZoneStore zones, DnsServerOptions options)
    {
        _zones = zones ?? throw new ArgumentNullException(nameof(zones));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.UdpWorkers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "UdpWorkers must be at least 1");
        }

        _handler = new QueryHandler(zones, options);
        _tcpSlots = new TcpConnectionSlots(options.TcpMaxConnections, options.TcpMaxConnectionsPerClient);
        _rateLimiter = options.RateLimit.ResponsesPerSecond > 0 ? new ResponseRateLimiter(options.RateLimit, options.TimeProvider) : null;
        _notify = new NotifySender(options, e => NotifyCompleted?.Invoke(this, e));
    }

    /// <summary>Raised when a NOTIFY was acknowledged or given up on.</summary>
    public event EventHandler<NotifyCompletedEventArgs>? NotifyCompleted;

    /// <summary>Raised for errors the server survived (a failed send, a broken TCP connection).</summary>
    public event EventHandler<DnsServerErrorEventArgs>? Error;

    /// <summary>What the server refused, timed out and rate-limited so far.</summary>
    public DnsServerCounters Counters { get; } = new();

    /// <summary>TCP connections open now.</summary>
    public int TcpConnections => _tcpSlots.Open;

    /// <summary>The endpoints actually bound (ports filled in when 0 was asked for); UDP and TCP share each.</summary>
    public IReadOnlyList<IPEndPoint> LocalEndpoints => _bound;

    /// <summary>Binds every endpoint, starts the UDP workers and TCP accept loops, and starts sending NOTIFY on zone changes.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_stopping is not null)
        {
            throw new InvalidOperationException("already started");
        }

        cancellationToken.ThrowIfCancellationRequested();
        _stopping = new CancellationTokenSource();
        foreach (var endpoint in _options.Endpoints)
        {
            Bind(endpoint);
        }

        _zones.ZoneChanged += OnZoneChanged;
        return Task.CompletedTask;
    }

    /// <summary>Stops listening, closes sockets and waits for the loops and pending NOTIFYs to finish.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null || _stopping.IsCancellationRequested)
        {
            return;
        }

        _zones.ZoneChanged -= OnZoneChanged;
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        await Task.WhenAll(_tcpTasks).WaitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var thread in _udpThreads)
        {
            thread.Join(TimeSpan.FromSeconds(2));
        }

        await _notify.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping?.Dispose();
    }

    /// <summary>Answers one request into <paramref name="response"/> as the UDP path does, before rate limiting; 0 means "drop". For benchmarks and tests.</summary>
    internal int HandleUdp(ReadOnlySpan<byte> query, Span<byte> response) => _handler.Handle(query, response, overTcp: false, null, out _);

    /// <summary>One UDP request from <paramref name="remote"/>: its answer, then rate limiting by source; 0 means "send nothing".</summary>
    internal int AnswerUdp(ReadOnlySpan<byte> query, Span<byte> response, SocketAddress remote)
    {
        int length = _handler.Handle(query, response, overTcp: false, null, out _);
        if (length == 0 || _rateLimiter is null)
        {
            return length;
        }

        switch (_rateLimiter.Account(remote))
        {
            case RateLimitVerdict.Send:
                return length;
            case RateLimitVerdict.Slip:
                Counters.Slipped();
                return ResponseRateLimiter.Slip(response, length);
            default:
                Counters.Dropped();
                return 0;
        }
    }

    private void OnZoneChanged(object? sender, ZoneChangedEventArgs e) => _notify.Notify(e.Zone);

    private void Bind(IPEndPoint requested)
    {
        // Port 0: let UDP pick, then take the same port for TCP; retry if TCP finds it taken.
        for (int attempt = 0; ; attempt++)
        {
            var udp = new Socket(requested.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            var tcp = new Socket(requested.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                udp.Bind(requested);
                var actual = (IPEndPoint)udp.LocalEndPoint!;
                tcp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                tcp.Bind(actual);
                // Room for a burst (resolvers retrying over TCP after truncated answers) while the accept loop drains it.
                tcp.Listen(1024);
                // A blocked receive wakes up this often to notice StopAsync.
                udp.ReceiveTimeout = 500;
                udp.ReceiveBufferSize = 4 * 1024 * 1024;
                _sockets.Add(udp);
                _sockets.Add(tcp);
                _bound.Add(actual);
                StartUdpWorkers(udp);
                _tcpTasks.Add(Task.Run(() => AcceptLoopAsync(tcp, _stopping!.Token)));
                return;
            }
            catch (SocketException) when (requested.Port == 0 && attempt < 10)
            {
                udp.Dispose();
                tcp.Dispose();
            }
        }
    }

    // All workers block on one shared socket: the kernel hands each datagram to one waiting thread, which balances
    // load evenly whatever the clients' source ports (SO_REUSEPORT would hash a few benchmark flows unevenly).
    private void StartUdpWorkers(Socket socket)
    {
        for (int i = 0; i < _options.UdpWorkers; i++)
        {
            var thread = new Thread(() => UdpLoop(socket, _stopping!.Token)) { IsBackground = true, Name = $"dns-udp-{i}" };
            _udpThreads.Add(thread);
            thread.Start();
        }
    }

    private void UdpLoop(Socket socket, CancellationToken stopping)
    {
        var request = GC.AllocateUninitializedArray<byte>(ushort.MaxValue, pinned: true);
        var response = GC.AllocateUninitializedArray<byte>(ushort.MaxValue + 1, pinned: true);
        var remote = new SocketAddress(socket.AddressFamily, SocketAddress.GetMaximumAddressSize(socket.AddressFamily));
        while (!stopping.IsCancellationRequested)
        {
            int received;
            try
            {
                received = socket.ReceiveFrom(request, SocketFlags.None, remote);
            }
            catch (SocketException)
            {
                continue; // the receive timeout, or an ICMP error reported on the socket
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            try
            {
                int length = AnswerUdp(request.AsSpan(0, received), response, remote);
                if (length > 0)
                {
                    socket.SendTo(response.AsSpan(0, length), SocketFlags.None, remote);
                }
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception e)
            {
                // One bad packet must never stop a worker: report it and keep serving.
                Error?.Invoke(this, new DnsServerErrorEventArgs("udp", e));
            }
        }
    }
}
