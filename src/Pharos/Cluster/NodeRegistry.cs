using Dapper;
using Pharos.Storage;

namespace Pharos.Cluster;

/// <summary>Says every heartbeat that this node is alive, with its roles, version and the term it leads in.</summary>
public sealed partial class NodeRegistry(NodeIdentity node, NodeConfig config, Database db, ILeadership leadership, TimeProvider time, ILogger<NodeRegistry> logger) : BackgroundService
{
    private readonly DateTimeOffset _started = time.GetUtcNow();

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await BeatAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogBeatFailed(logger, e);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(config.Heartbeat, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await BeatAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The database is away: the node keeps serving; others see it as silent until it is back.
                LogBeatFailed(logger, e);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Leaving cleanly: the others take this node's checks at their next heartbeat, not after its silence.
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE cluster_nodes SET stopped_at = @now WHERE node_id = @Id AND instance_id = @InstanceId",
                new { node.Id, node.InstanceId, now = time.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogBeatFailed(logger, e);
        }
    }

    public async Task BeatAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO cluster_nodes (node_id, instance_id, roles, version, host, started_at, last_seen, leader_term)
            VALUES (@Id, @InstanceId, @roles, @Version, @Host, @started, @now, @term)
            ON CONFLICT (node_id) DO UPDATE SET instance_id = excluded.instance_id, roles = excluded.roles, version = excluded.version,
                host = excluded.host, started_at = excluded.started_at, last_seen = excluded.last_seen, leader_term = excluded.leader_term, stopped_at = NULL
            """,
            new
            {
                node.Id, node.InstanceId, node.Version, node.Host,
                roles = string.Join(",", config.Roles.Order().Select(NodeConfig.NameOf)),
                started = _started.ToUnixTimeMilliseconds(), now = time.GetUtcNow().ToUnixTimeMilliseconds(), term = leadership.Current?.Number,
            },
            cancellationToken: ct)).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 9720, Level = LogLevel.Warning, Message = "Could not record this node's heartbeat")]
    private static partial void LogBeatFailed(ILogger logger, Exception exception);
}
