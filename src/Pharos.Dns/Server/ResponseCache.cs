using System.Collections.Concurrent;

namespace Pharos.Dns.Server;

/// <summary>A fully encoded response, ready to copy: the question ends at <see cref="QuestionEnd"/> and the OPT record, if any, starts at <see cref="OptOffset"/>.</summary>
internal sealed class CachedResponse
{
    public required byte[] Bytes { get; init; }

    public int QuestionEnd { get; init; }

    /// <summary>Start of the trailing OPT record; -1 without EDNS.</summary>
    public int OptOffset { get; init; } = -1;
}

/// <summary>
/// Encoded responses keyed by the lower-cased question (qname wire bytes, qtype, qclass) plus an EDNS flag. Lookups
/// use a span view of the key so the steady-state path allocates nothing. Bounded: it is cleared when full, since a
/// flood of random names must not grow memory.
/// </summary>
internal sealed class ResponseCache
{
    public const int MaxEntries = 20_000;

    private readonly ConcurrentDictionary<byte[], CachedResponse> _entries = new(KeyComparer.Instance);
    private readonly ConcurrentDictionary<byte[], CachedResponse>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public ResponseCache() => _lookup = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();

    public int Count => _entries.Count;

    public bool TryGet(ReadOnlySpan<byte> key, out CachedResponse? response) => _lookup.TryGetValue(key, out response);

    public void Add(ReadOnlySpan<byte> key, CachedResponse response)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries.TryAdd(key.ToArray(), response);
    }

    private sealed class KeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
