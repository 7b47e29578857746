using System.Net;

namespace Pharos.Dns.Server;

/// <summary>One accepted TCP connection's place in <see cref="TcpConnectionSlots"/>, and the deadline that ends it.</summary>
internal sealed class TcpSlot : IDisposable
{
    public TcpSlot(IPAddress client, TimeProvider time)
    {
        Client = client;
        Deadline = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        Node = new LinkedListNode<TcpSlot>(this);
    }

    public IPAddress Client { get; }

    /// <summary>Cancelled by the idle or write timeout, by eviction, or when the server stops.</summary>
    public CancellationTokenSource Deadline { get; }

    /// <summary>Its place in the list of connections waiting for a query; guarded by the slots' lock.</summary>
    public LinkedListNode<TcpSlot> Node { get; }

    /// <summary>True once evicted: its global slot went to a newer connection. Guarded by the slots' lock.</summary>
    public bool HandedOver { get; set; }

    public void Dispose() => Deadline.Dispose();
}

/// <summary>
/// Open TCP connections, counted in all and per client address. Over the per-client cap a connection is refused, so
/// that one address cannot take the server's descriptors and buffers. At the global cap, the connection that has
/// waited longest for a query gives its slot to the newcomer (it has no answer outstanding, and RFC 7766 §6.2.3 lets a
/// server close idle connections when it must); only when every connection is busy is the newcomer refused.
/// </summary>
internal sealed class TcpConnectionSlots
{
    private readonly int _max;
    private readonly int _maxPerClient;
    private readonly Dictionary<IPAddress, int> _perClient = [];
    private readonly LinkedList<TcpSlot> _waiting = []; // longest waiting first
    private readonly Lock _lock = new();
    private int _open;

    public TcpConnectionSlots(int max, int maxPerClient)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerClient, 1);
        _max = max;
        _maxPerClient = maxPerClient;
    }

    /// <summary>Connections holding a slot now (never more than the cap).</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>More than half the slots are taken: time to stop waiting long for idle clients.</summary>
    public bool UnderPressure => Open * 2 > _max;

    /// <summary>
    /// Gives <paramref name="slot"/> a place; false when its client is at its cap, or the server is full of busy
    /// connections. <paramref name="evicted"/> is the waiting connection that made room, to be ended by the caller.
    /// </summary>
    public bool TryAcquire(TcpSlot slot, out TcpSlot? evicted)
    {
        evicted = null;
        lock (_lock)
        {
            _perClient.TryGetValue(slot.Client, out int mine);
            if (mine >= _maxPerClient)
            {
                return false;
            }

            if (_open >= _max)
            {
                if (_waiting.First is not { } oldest)
                {
                    return false;
                }

                _waiting.Remove(oldest);
                evicted = oldest.Value;
                evicted.HandedOver = true;
            }
            else
            {
                _open++;
            }
            _perClient[slot.Client] = mine + 1;
            return true;
        }
    }

    /// <summary>The connection starts waiting for a query: it may be evicted until <see cref="QueryArriving"/>.</summary>
    public void WaitingForQuery(TcpSlot slot)
    {
        lock (_lock)
        {
            if (!slot.HandedOver && slot.Node.List is null)
            {
                _waiting.AddLast(slot.Node);
            }
        }
    }

    /// <summary>A query has begun to arrive; false when the connection was evicted first.</summary>
    public bool QueryArriving(TcpSlot slot)
    {
        lock (_lock)
        {
            if (slot.HandedOver)
            {
                return false;
            }

            if (slot.Node.List is not null)
            {
                _waiting.Remove(slot.Node);
            }

            return true;
        }
    }

    /// <summary>True when <paramref name="slot"/> was evicted (read once its connection has ended).</summary>
    public bool WasEvicted(TcpSlot slot)
    {
        lock (_lock)
        {
            return slot.HandedOver;
        }
    }

    /// <summary>Gives back the place taken by <see cref="TryAcquire"/>.</summary>
    public void Release(TcpSlot slot)
    {
        lock (_lock)
        {
            if (slot.Node.List is not null)
            {
                _waiting.Remove(slot.Node);
            }

            int mine = _perClient[slot.Client] - 1;
            if (mine == 0)
            {
                _perClient.Remove(slot.Client);
            }
            else
            {
                _perClient[slot.Client] = mine;
            }

            if (!slot.HandedOver)
            {
                _open--;
            }
        }
    }
}
