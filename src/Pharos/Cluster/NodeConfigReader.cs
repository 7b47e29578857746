using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Cluster;

/// <summary>Reads the `node:` section: the node's id, its roles and its lease timing.</summary>
internal static class NodeConfigReader
{
    public const string Key = "node";

    public static NodeConfig Read(YamlReader r, YamlMappingNode root)
    {
        var map = r.AsMapping(YamlReader.Get(root, Key), Key);
        if (map is null)
        {
            return new NodeConfig();
        }

        const string where = Key;
        r.RejectUnknownKeys(map, where, "id", "roles", "lease_ttl", "heartbeat");
        var d = new NodeConfig();
        var roles = new HashSet<NodeRole>();
        if (YamlReader.Get(map, "roles") is { } rolesNode)
        {
            foreach (var name in r.Strings(map, "roles", where))
            {
                if (NodeConfig.Parse(name) is { } role)
                {
                    roles.Add(role);
                }
                else
                {
                    r.Error(rolesNode, $"{where}: unknown role '{name}' in 'roles' (known: {string.Join(", ", NodeConfig.AllRoles.Select(NodeConfig.NameOf))})");
                }
            }

            if (roles.Count == 0)
            {
                r.Error(rolesNode, $"{where}: 'roles' must name at least one role");
            }
        }

        var ttl = r.Duration(map, "lease_ttl", where, TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(5)) ?? d.LeaseTtl;
        var heartbeat = r.Duration(map, "heartbeat", where, TimeSpan.FromMilliseconds(200), TimeSpan.FromMinutes(1)) ?? d.Heartbeat;
        if (heartbeat * 3 > ttl)
        {
            r.Error(YamlReader.Get(map, "heartbeat") ?? map, $"{where}: 'heartbeat' must be at most a third of 'lease_ttl' ({ttl.TotalSeconds:0.###} s), so a leader renews before its lease runs out");
        }

        return new NodeConfig
        {
            Id = r.String(map, "id", where),
            Roles = roles.Count > 0 ? roles : d.Roles,
            LeaseTtl = ttl,
            Heartbeat = heartbeat,
        };
    }

    /// <summary>
    /// Applies `PHAROS_NODE_ID` and `PHAROS_ROLES` (comma-separated), so that several nodes share one pharos.yaml;
    /// returns an error message for an unknown role.
    /// </summary>
    public static (NodeConfig Node, string? Error) WithEnvironment(NodeConfig node, Func<string, string?> env)
    {
        if (env("PHAROS_NODE_ID") is { Length: > 0 } id)
        {
            node = node with { Id = id };
        }

        if (env("PHAROS_ROLES") is { Length: > 0 } list)
        {
            var roles = new HashSet<NodeRole>();
            foreach (var name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (NodeConfig.Parse(name) is not { } role)
                {
                    return (node, $"PHAROS_ROLES: unknown role '{name}' (known: {string.Join(", ", NodeConfig.AllRoles.Select(NodeConfig.NameOf))})");
                }

                roles.Add(role);
            }

            node = node with { Roles = roles };
        }

        return (node, null);
    }
}
