using System.Net;

namespace Pharos.Dns.Server;

/// <summary>
/// Response rate limiting (RRL) for UDP, as in NSD, Knot and BIND: each source prefix gets so many responses per
/// second; beyond that responses are dropped, except every <see cref="Slip"/>th, which goes out empty with TC set so
/// that a real client (whose address a flood may be forging) retries over TCP and is answered there. TCP is never
/// limited: its handshake proves the source address.
/// </summary>
public sealed class ResponseRateLimitOptions
{
    /// <summary>Responses per second per source prefix; 0 turns rate limiting off. NSD's suggested default.</summary>
    public int ResponsesPerSecond { get; init; } = 200;

    /// <summary>Every this many limited responses, one is sent truncated instead of dropped; 0 never, 1 always. NSD's and BIND's default.</summary>
    public int Slip { get; init; } = 2;

    /// <summary>IPv4 sources are counted per prefix of this length (a /24, as in NSD, Knot and BIND).</summary>
    public int Ipv4PrefixLength { get; init; } = 24;

    /// <summary>IPv6 sources are counted per prefix of this length (a /56, as in Knot and BIND; one site's allocation).</summary>
    public int Ipv6PrefixLength { get; init; } = 56;

    /// <summary>Sources never limited: by default loopback, where the operator's own tools and monitoring run.</summary>
    public IReadOnlyList<IPNetwork> Exempt { get; init; } = [new(IPAddress.Parse("127.0.0.0"), 8), new(IPAddress.IPv6Loopback, 128)];
}
