using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Pharos.Dns.Server;

/// <summary>What to do with one UDP response under <see cref="ResponseRateLimiter"/>.</summary>
internal enum RateLimitVerdict
{
    Send,
    Slip,
    Drop,
}

/// <summary>
/// Counts UDP responses per source prefix per second in a fixed table of 64-bit cells, updated with one
/// compare-and-swap, so it allocates nothing, takes no lock and cannot grow under a flood of forged sources. A cell
/// holds a tag of the prefix's hash, the second it counts and the count. Two prefixes that share a cell and a tag
/// are counted together (a chance of one in a million per collision); ones that share only a cell reset each other,
/// which errs towards answering. The hash is keyed per process so that nobody can aim collisions at a victim.
/// </summary>
internal sealed class ResponseRateLimiter
{
    private const int TableBits = 18; // 262,144 cells, 2 MB: NSD keeps 1,000,000 buckets, Knot 393,241
    private const int CountBits = 20;
    private const int SecondBits = 24;
    private const uint MaxCount = (1u << CountBits) - 1;
    private static readonly UInt128 V4Mapped = (UInt128)0xFFFF << 32; // ::ffff:0:0/96 (RFC 4291 §2.5.5.2)

    private readonly ulong[] _table = new ulong[1 << TableBits];
    private readonly TimeProvider _time;
    private readonly uint _rate;
    private readonly uint _slip;
    private readonly UInt128 _v4Mask;
    private readonly UInt128 _v6Mask;
    private readonly (UInt128 Network, UInt128 Mask)[] _exempt;
    private readonly ulong _key = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));

    public ResponseRateLimiter(ResponseRateLimitOptions options, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ResponsesPerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.ResponsesPerSecond, 100_000);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Slip);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Ipv4PrefixLength, 32);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Ipv6PrefixLength, 128);
        _time = time;
        _rate = (uint)options.ResponsesPerSecond;
        _slip = (uint)options.Slip;
        _v4Mask = Mask(96 + Math.Max(0, options.Ipv4PrefixLength));
        _v6Mask = Mask(Math.Max(0, options.Ipv6PrefixLength));
        _exempt = options.Exempt.Select(n =>
        {
            var network = ToUInt128(n.BaseAddress);
            int length = n.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 96 + n.PrefixLength : n.PrefixLength;
            return (network & Mask(length), Mask(length));
        }).ToArray();
    }

    /// <summary>Counts one response to <paramref name="remote"/> (a raw socket address, as UDP receives give it).</summary>
    public RateLimitVerdict Account(SocketAddress remote)
    {
        var bytes = remote.Buffer.Span;
        // The platform's sockaddr_in / sockaddr_in6: family and port, then the address (after flowinfo for IPv6).
        var address = remote.Family switch
        {
            AddressFamily.InterNetwork => V4Mapped | BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]),
            AddressFamily.InterNetworkV6 => BinaryPrimitives.ReadUInt128BigEndian(bytes[8..]),
            _ => UInt128.Zero,
        };
        return remote.Family is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6 ? Account(address) : RateLimitVerdict.Send;
    }

    private RateLimitVerdict Account(UInt128 address)
    {
        foreach (var (network, mask) in _exempt)
        {
            if ((address & mask) == network)
            {
                return RateLimitVerdict.Send;
            }
        }

        var prefix = address & ((address & ~(UInt128)0xFFFF_FFFF) == V4Mapped ? _v4Mask : _v6Mask);
        ulong hash = Mix(Mix((ulong)(prefix >> 64) ^ _key) ^ (ulong)prefix);
        ref ulong cell = ref _table[(int)(hash & ((1u << TableBits) - 1))];
        ulong tag = hash >> (CountBits + SecondBits); // the top 20 bits
        ulong second = (ulong)(_time.GetTimestamp() / _time.TimestampFrequency) & ((1UL << SecondBits) - 1);
        uint count;
        while (true)
        {
            ulong old = Volatile.Read(ref cell);
            bool same = old >> (CountBits + SecondBits) == tag && ((old >> CountBits) & ((1UL << SecondBits) - 1)) == second;
            count = same ? Math.Min((uint)(old & MaxCount) + 1, MaxCount) : 1;
            ulong next = (tag << (CountBits + SecondBits)) | (second << CountBits) | count;
            if (Interlocked.CompareExchange(ref cell, next, old) == old)
            {
                break;
            }
        }
        if (count <= _rate)
        {
            return RateLimitVerdict.Send;
        }

        return _slip > 0 && (count - _rate) % _slip == 0 ? RateLimitVerdict.Slip : RateLimitVerdict.Drop;
    }

    private static UInt128 Mask(int length) => length <= 0 ? UInt128.Zero : UInt128.MaxValue << (128 - length);

    private static UInt128 ToUInt128(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        return address.AddressFamily == AddressFamily.InterNetwork
            ? V4Mapped | BinaryPrimitives.ReadUInt32BigEndian(bytes)
            : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    // The SplitMix64 finaliser: every input bit moves every output bit.
    private static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>Turns the response in <paramref name="response"/> into a slip: header and question only, TC set, AA clear.</summary>
    public static int Slip(Span<byte> response, int length)
    {
        int end = DnsMessage.HeaderSize;
        if (BinaryPrimitives.ReadUInt16BigEndian(response[4..]) == 1)
        {
            // Our own question section: an uncompressed name, then type and class.
            while (end < length && response[end] != 0)
            {
                end += response[end] + 1;
            }

            end = Math.Min(end + 5, length);
        }
        response[2] = (byte)((response[2] & ~0x04) | 0x02);
        BinaryPrimitives.WriteUInt16BigEndian(response[6..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(response[8..], 0);
        return end;
    }
}
