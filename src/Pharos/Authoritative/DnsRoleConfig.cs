using System.Net;

namespace Pharos.Authoritative;

/// <summary>The built-in authoritative server: where it listens, whom it notifies, who may transfer.</summary>
public sealed record DnsRoleConfig
{
    /// <summary>True when pharos.yaml has a `dns` section or a built-in policy needs the server.</summary>
    public bool Enabled { get; init; }

    public IReadOnlyList<IPEndPoint> Listen { get; init; } = [new IPEndPoint(IPAddress.Loopback, 5353)];

    /// <summary>Secondaries told by NOTIFY when a zone's serial changes.</summary>
    public IReadOnlyList<IPEndPoint> Notify { get; init; } = [];

    /// <summary>Addresses allowed to pull zones by AXFR.</summary>
    public IReadOnlyList<IPAddress> AllowTransfer { get; init; } = [];

    public int Workers { get; init; } = 2;
}
