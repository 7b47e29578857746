namespace Pharos.Cluster;

/// <summary>Who this node is and what it runs (the `node:` section, overridable per process by environment).</summary>
public sealed record NodeConfig
{
    public static readonly IReadOnlySet<NodeRole> AllRoles = new HashSet<NodeRole>(Enum.GetValues<NodeRole>());

    /// <summary>Stable name of the node; the host name and port when not set.</summary>
    public string? Id { get; init; }

    public IReadOnlySet<NodeRole> Roles { get; init; } = AllRoles;

    /// <summary>How long a leader's claim lasts without renewal; a dead leader's work is taken over after at most this.</summary>
    public TimeSpan LeaseTtl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the node says it is alive and the leader renews its lease.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(2);

    public bool Runs(NodeRole role) => Roles.Contains(role);

    /// <summary>Role names as written in config and shown in the admin.</summary>
    public static string NameOf(NodeRole role) => role switch
    {
        NodeRole.FailoverSite => "failover_site",
        _ => role.ToString().ToLowerInvariant(),
    };

    public static NodeRole? Parse(string name) =>
        AllRoles.Cast<NodeRole?>().FirstOrDefault(r => string.Equals(NameOf(r!.Value), name.Trim(), StringComparison.OrdinalIgnoreCase));
}
