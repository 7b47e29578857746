using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Pharos.Dns.Tsig;

namespace Pharos.Dns.Server;

public sealed partial class DnsServer
{
    // Once over half the TCP slots are taken, a connection waits this long for a query at most: an idle connection
    // is the cheapest thing to give up, and a client with a question sends it at once. Unbound likewise shortens its
    // idle timeout as its TCP buffers run short, down to a 200 ms floor.
    private static readonly TimeSpan BusyIdleTimeout = TimeSpan.FromMilliseconds(200);

    private async Task AcceptLoopAsync(Socket listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (stopping.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }
            var remote = ClientAddress(client);
            var slot = remote is null ? null : new TcpSlot(remote, _options.TimeProvider);
            TcpSlot? evicted = null;
            if (slot is null || !_tcpSlots.TryAcquire(slot, out evicted))
            {
                // Accepted and closed at once (NSD's tcp-reject-overflow) rather than left in the backlog, where it
                // would wait unseen and crowd out the next client; the reset spares us a TIME_WAIT per refusal.
                Counters.TcpRefused();
                slot?.Dispose();
                Abort(client);
                continue;
            }
            if (evicted is not null)
            {
                Evict(evicted);
            }

            _ = Task.Run(() => ServeTcpAsync(client, slot, stopping), CancellationToken.None);
        }
    }

    private static void Evict(TcpSlot slot)
    {
        try
        {
            slot.Deadline.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // it ended on its own meanwhile
        }
    }

    // RFC 7766 §6.2.1: several length-prefixed queries per connection, answered in order. The idle timeout covers
    // the wait for a whole query (prefix and body, so a client trickling bytes gains nothing); the write timeout covers
    // each answer and each transfer envelope, so a client that stops reading is dropped too.
    private async Task ServeTcpAsync(Socket client, TcpSlot slot, CancellationToken stopping)
    {
        var deadline = slot.Deadline;
        var stop = stopping.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), deadline);
        var stream = new NetworkStream(client, ownsSocket: false);
        var prefix = new byte[2];
        TsigSigner? signer = null;
        bool writing = false, ended = false;
        try
        {
            while (true)
            {
                deadline.CancelAfter(_tcpSlots.UnderPressure && BusyIdleTimeout < _options.TcpIdleTimeout ? BusyIdleTimeout : _options.TcpIdleTimeout);
                var read = stream.ReadExactlyAsync(prefix, deadline.Token);
                // Idle, and so evictable, only while nothing is buffered: a pipelining client is never idle between queries.
                if (!read.IsCompleted)
                {
                    _tcpSlots.WaitingForQuery(slot);
                }

                await read.ConfigureAwait(false);
                if (!_tcpSlots.QueryArriving(slot))
                {
                    throw new OperationCanceledException(deadline.Token);
                }

                int length = (prefix[0] << 8) | prefix[1];
                // Buffers are rented per query, the response's once the query is in, so an idle connection holds two
                // bytes and a trickling one its query's length, rather than 128 KB each.
                var request = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
                byte[]? response = null;
                try
                {
                    await stream.ReadExactlyAsync(request.AsMemory(0, length), deadline.Token).ConfigureAwait(false);
                    if (!deadline.TryReset())
                    {
                        throw new OperationCanceledException(deadline.Token);
                    }

                    response = ArrayPool<byte>.Shared.Rent(ushort.MaxValue + 2);
                    int answer = _handler.Handle(request.AsSpan(0, length), response.AsSpan(2), overTcp: true, slot.Client, out var transfer);
                    writing = true;
                    if (transfer is not null)
                    {
                        signer ??= new TsigSigner(_options.TimeProvider);
                        await ZoneTransfer.SendAsync(transfer, signer, m => WriteAsync(stream, m, deadline)).ConfigureAwait(false);
                    }
                    else if (answer > 0)
                    {
                        response[0] = (byte)(answer >> 8);
                        response[1] = (byte)answer;
                        await WriteAsync(stream, response.AsMemory(0, answer + 2), deadline).ConfigureAwait(false);
                    }
                    writing = false;
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(request);
                    if (response is not null)
                    {
                        ArrayPool<byte>.Shared.Return(response);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            ended = true;
            if (_tcpSlots.WasEvicted(slot))
            {
                Counters.TcpEvicted();
            }
            else if (writing)
            {
                Counters.TcpWriteTimeout();
            }
            else
            {
                Counters.TcpIdleTimeout();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or EndOfStreamException or IOException or ObjectDisposedException)
        {
            // The client closed, or the server is stopping: both end the connection quietly.
        }
        catch (Exception e)
        {
            Error?.Invoke(this, new DnsServerErrorEventArgs("tcp", e));
        }
        finally
        {
            _tcpSlots.Release(slot);
            await stream.DisposeAsync().ConfigureAwait(false);
            // A client we end may have answers it never took in our send buffer (the kernel keeps megabytes per
            // socket): a FIN would queue behind them and keep the socket alive until they drain, which may be never.
            // A reset frees it now; a client with nothing outstanding sees no difference when it next sends.
            if (ended)
            {
                Abort(client);
            }
            else
            {
                client.Dispose();
            }

            stop.Dispose();
            slot.Dispose();
        }
    }

    private async ValueTask WriteAsync(NetworkStream stream, ReadOnlyMemory<byte> data, CancellationTokenSource deadline)
    {
        deadline.CancelAfter(_options.TcpWriteTimeout);
        await stream.WriteAsync(data, deadline.Token).ConfigureAwait(false);
        if (!deadline.TryReset())
        {
            throw new OperationCanceledException(deadline.Token);
        }
    }

    private static IPAddress? ClientAddress(Socket client)
    {
        try
        {
            var address = ((IPEndPoint)client.RemoteEndPoint!).Address;
            return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        }
        catch (SocketException)
        {
            return null; // already gone
        }
    }

    private static void Abort(Socket client)
    {
        try
        {
            client.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
            // already reset by the peer
        }
        client.Dispose();
    }
}
