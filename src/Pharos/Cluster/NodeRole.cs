namespace Pharos.Cluster;

/// <summary>The parts of Pharos a node may run; a node runs all of them unless `node.roles` names fewer.</summary>
public enum NodeRole
{
    /// <summary>The status page, the API and the admin.</summary>
    Web,

    /// <summary>The built-in authoritative DNS server.</summary>
    Dns,

    /// <summary>Runs its share of the checks.</summary>
    Checks,

    /// <summary>May lead: the failover controller, the maintenance clock, the notification router and relay.</summary>
    Controller,

    /// <summary>The maintenance site served during a failover.</summary>
    FailoverSite,
}
