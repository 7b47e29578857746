using Dapper;
using Pharos.Storage;

namespace Pharos.Cluster;

/// <summary>The nodes that share this database, as the admin and the check division see them.</summary>
public sealed class NodeDirectory(Database db, NodeConfig config, TimeProvider time)
{
    /// <summary>A node is alive while it beat within three heartbeats.</summary>
    public TimeSpan AliveWithin => config.Heartbeat * 3;

    public async Task<IReadOnlyList<NodeRow>> ListAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<NodeRow>(new CommandDefinition(
            """
            SELECT n.node_id AS NodeId, n.instance_id AS InstanceId, n.roles AS Roles, n.version AS Version, n.host AS Host,
                   n.started_at AS StartedAt, n.last_seen AS LastSeen, n.leader_term AS LeaderTerm, n.stopped_at AS StoppedAt,
                   CASE WHEN l.holder = n.node_id THEN 1 ELSE 0 END AS Leads
            FROM cluster_nodes n LEFT JOIN cluster_lease l ON l.name = @lease
            ORDER BY n.node_id
            """,
            new { lease = LeaseStore.ControllerLease }, cancellationToken: ct)).ConfigureAwait(false);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return rows.Select(r => r with { Alive = r.StoppedAt is null && now - r.LastSeen <= (long)AliveWithin.TotalMilliseconds }).ToList();
    }
}

/// <summary>One node as stored, with whether it is alive now and whether it holds the leader lease.</summary>
public sealed record NodeRow
{
    public string NodeId { get; init; } = "";
    public string InstanceId { get; init; } = "";
    public string Roles { get; init; } = "";
    public string Version { get; init; } = "";
    public string Host { get; init; } = "";
    public long StartedAt { get; init; }
    public long LastSeen { get; init; }
    public long? LeaderTerm { get; init; }

    /// <summary>When the node stopped cleanly; null while it runs or if it died.</summary>
    public long? StoppedAt { get; init; }
    public long Leads { get; init; }
    public bool Alive { get; init; }
}
