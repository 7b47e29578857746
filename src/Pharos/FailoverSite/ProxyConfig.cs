namespace Pharos.FailoverSite;

/// <summary>
/// Soft failover: the failover site in front of the primary, forwarding to it while the policy wants the primary and
/// serving the maintenance page the moment it does not, for customers whose resolvers still hold the old answer.
/// </summary>
public sealed record ProxyConfig
{
    /// <summary>The failover policy whose wanted side decides between forwarding and the maintenance page.</summary>
    public required string Policy { get; init; }

    /// <summary>The primary's address (scheme, host, port and an optional path prefix), reached directly.</summary>
    public required Uri Upstream { get; init; }

    /// <summary>How long a connection to the upstream may take before the maintenance page is served instead.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the upstream may stay silent (no headers, no body bytes) before the request is given up.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(100);
}
