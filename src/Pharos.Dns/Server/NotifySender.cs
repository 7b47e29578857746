using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Pharos.Dns.Zones;

namespace Pharos.Dns.Server;

/// <summary>The outcome of notifying one secondary of one zone version.</summary>
public sealed class NotifyCompletedEventArgs : EventArgs
{
    /// <summary>The zone's apex.</summary>
    public required DnsName Zone { get; init; }

    /// <summary>The serial announced.</summary>
    public uint Serial { get; init; }

    /// <summary>The secondary.</summary>
    public required IPEndPoint Target { get; init; }

    /// <summary>True when the secondary answered; false when every attempt went unanswered.</summary>
    public bool Acknowledged { get; init; }

    /// <summary>Attempts made.</summary>
    public int Attempts { get; init; }
}

/// <summary>
/// Sends NOTIFY (RFC 1996 §3) for a changed zone to every configured secondary over UDP, retrying with a doubling
/// delay until the secondary acknowledges or the attempts run out (§3.6). Each send runs on its own task, tracked so
/// that stopping the server waits for them.
/// </summary>
internal sealed class NotifySender : IAsyncDisposable
{
    private readonly DnsServerOptions _options;
    private readonly Action<NotifyCompletedEventArgs> _report;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _running = [];
    private readonly Lock _lock = new();

    public NotifySender(DnsServerOptions options, Action<NotifyCompletedEventArgs> report)
    {
        _options = options;
        _report = report;
    }

    public void Notify(AuthoritativeZone zone)
    {
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            _running.RemoveAll(t => t.IsCompleted);
            foreach (var target in _options.NotifyTargets)
            {
                _running.Add(Task.Run(() => NotifyOneAsync(zone, target, _stopping.Token)));
            }
        }
    }

    private async Task NotifyOneAsync(AuthoritativeZone zone, IPEndPoint target, CancellationToken ct)
    {
        var delay = _options.NotifyRetryDelay;
        int attempt = 0;
        try
        {
            using var socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            await socket.ConnectAsync(target, ct).ConfigureAwait(false);
            var receive = new byte[4096];
            while (attempt < _options.NotifyAttempts)
            {
                attempt++;
                ushort id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
                var request = new DnsMessage
                {
                    Id = id, Opcode = DnsOpcode.Notify, IsAuthoritative = true,
                    Questions = [new DnsQuestion(zone.Origin, DnsType.SOA)],
                    Answers = zone.SoaSet.ToRecords().ToList(),
                }.ToArray();
                await socket.SendAsync(request, ct).ConfigureAwait(false);
                if (await WaitForAckAsync(socket, receive, id, delay, ct).ConfigureAwait(false))
                {
                    _report(new NotifyCompletedEventArgs { Zone = zone.Origin, Serial = zone.Serial, Target = target, Acknowledged = true, Attempts = attempt });
                    return;
                }
                delay *= 2;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }
        catch (SocketException)
        {
            // An ICMP "port unreachable" surfaces here; it counts as an unanswered attempt.
        }
        _report(new NotifyCompletedEventArgs { Zone = zone.Origin, Serial = zone.Serial, Target = target, Acknowledged = false, Attempts = attempt });
    }

    private async Task<bool> WaitForAckAsync(Socket socket, byte[] receive, ushort id, TimeSpan wait, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(wait, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            while (true)
            {
                int n = await socket.ReceiveAsync(receive, linked.Token).ConfigureAwait(false);
                try
                {
                    var reply = DnsMessage.Parse(receive.AsSpan(0, n));
                    if (reply.Id == id && reply.IsResponse && reply.Opcode == DnsOpcode.Notify)
                    {
                        return true;
                    }
                }
                catch (DnsFormatException)
                {
                    // Not our acknowledgement; keep waiting.
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task[] running;
        lock (_lock)
        {
            _stopping.Cancel();
            running = [.. _running];
        }
        await Task.WhenAll(running).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
