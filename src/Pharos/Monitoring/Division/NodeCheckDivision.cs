using System.Collections.Frozen;
using Pharos.Cluster;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Locations;
using Pharos.Monitoring.Scheduling;

namespace Pharos.Monitoring.Division;

/// <summary>
/// Divides the checks among the live nodes that have the checks role, by <see cref="CheckRendezvous"/> over the node
/// list read every heartbeat: each node runs and owns its share, and a dead node's share moves to the others once it
/// has been silent for <see cref="NodeDirectory.AliveWithin"/>. While the node list cannot be read, the last
/// division stays. Alone on its database, a node owns and runs everything, exactly as before clusters.
/// </summary>
public sealed partial class NodeCheckDivision : BackgroundService, ICheckAssignment, ICheckOwnership
{
    private readonly CheckCatalog _checks;
    private readonly CheckCatalog _here;
    private readonly NodeConfig _node;
    private readonly NodeIdentity _self;
    private readonly NodeDirectory _nodes;
    private readonly TimeProvider _time;
    private readonly ILogger<NodeCheckDivision> _logger;
    private static readonly Share Unread = new([], false, [], FrozenSet<string>.Empty, FrozenSet<string>.Empty);
    private Share _share;

    public NodeCheckDivision(CheckCatalog checks, LocationPlan plan, NodeConfig node, NodeIdentity self, NodeDirectory nodes, TimeProvider time, ILogger<NodeCheckDivision> logger)
    {
        _checks = checks;
        _here = plan.OwnCatalog();
        _node = node;
        _self = self;
        _nodes = nodes;
        _time = time;
        _logger = logger;
        // Nothing until the node list is read at start: a node joining a cluster must not run every check meanwhile.
        _share = Unread;
    }

    public event Action? Changed;

    /// <summary>The checks this node runs now: its share of those its location runs.</summary>
    public IReadOnlyCollection<CheckConfig> Current => Volatile.Read(ref _share).Runs;

    /// <summary>The node ids the checks are divided among now, in order.</summary>
    public IReadOnlyList<string> Members => Volatile.Read(ref _share).Members;

    /// <summary>Whether another node is alive on this database, so that results written elsewhere must be followed.</summary>
    public bool Shared => Volatile.Read(ref _share).Shared;

    public bool RaisesLocationEvents => Volatile.Read(ref _share).Members is [var first, ..] && first == _self.Id;

    public bool Owns(string checkId) => Volatile.Read(ref _share).Checks.Contains(checkId);

    public bool OwnsComponent(string componentId) => Volatile.Read(ref _share).Components.Contains(componentId);

    /// <summary>How many of its location's checks each member runs in the current division, for the admin.</summary>
    public IReadOnlyDictionary<string, int> CountsByMember()
    {
        var members = Members;
        var counts = members.ToDictionary(m => m, _ => 0, StringComparer.Ordinal);
        foreach (var check in _here.All.Where(_ => members.Count > 0))
        {
            counts[CheckRendezvous.OwnerOf(check.Id, members)]++;
        }

        return counts;
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_node.Heartbeat, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await RefreshAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the live nodes and divides again; raises <see cref="Changed"/> when the division changed.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        string[] members;
        bool shared;
        try
        {
            var alive = (await _nodes.ListAsync(ct).ConfigureAwait(false)).Where(n => n.Alive && n.NodeId != _self.Id).ToList();
            var checksRole = NodeConfig.NameOf(NodeRole.Checks);
            members = alive.Where(n => n.Roles.Split(',').Contains(checksRole, StringComparer.Ordinal)).Select(n => n.NodeId)
                .Concat(_node.Runs(NodeRole.Checks) ? [_self.Id] : [])
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            shared = alive.Count > 0;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogNodesUnreadable(_logger, e);
            if (ReferenceEquals(Volatile.Read(ref _share), Unread) && _node.Runs(NodeRole.Checks))
            {
                // Unreadable from the start: running everything beats running nothing.
                Volatile.Write(ref _share, Divide([_self.Id], shared: false));
                Changed?.Invoke();
            }

            return;
        }

        var before = Volatile.Read(ref _share);
        if (!ReferenceEquals(before, Unread) && members.SequenceEqual(before.Members, StringComparer.Ordinal))
        {
            if (shared != before.Shared)
            {
                Volatile.Write(ref _share, before with { Shared = shared });
            }

            return;
        }

        var after = Divide(members, shared);
        Volatile.Write(ref _share, after);
        LogDivided(_logger, after.Runs.Count, _here.All.Count, members.Length, string.Join(", ", members));
        Changed?.Invoke();
    }

    private Share Divide(string[] members, bool shared)
    {
        if (members.Length == 0 || !members.Contains(_self.Id, StringComparer.Ordinal))
        {
            return new Share(members, shared, [], FrozenSet<string>.Empty, FrozenSet<string>.Empty);
        }

        if (members.Length == 1)
        {
            return new Share(members, shared, _here.All, _checks.All.Select(c => c.Id).ToFrozenSet(StringComparer.Ordinal), _checks.ByComponent.Keys.ToFrozenSet(StringComparer.Ordinal));
        }

        var checks = _checks.All.Where(c => CheckRendezvous.OwnerOf(c.Id, members) == _self.Id).Select(c => c.Id).ToFrozenSet(StringComparer.Ordinal);
        var components = _checks.ByComponent.Keys.Where(id => CheckRendezvous.OwnerOf("component:" + id, members) == _self.Id).ToFrozenSet(StringComparer.Ordinal);
        return new Share(members, shared, _here.All.Where(c => checks.Contains(c.Id)).ToList(), checks, components);
    }

    /// <summary>One division, swapped whole so that readers never see members and owned sets from different divisions.</summary>
    private sealed record Share(string[] Members, bool Shared, IReadOnlyCollection<CheckConfig> Runs, FrozenSet<string> Checks, FrozenSet<string> Components);

    [LoggerMessage(EventId = 9750, Level = LogLevel.Information, Message = "This node runs {Mine} of the {All} checks of its location, divided among {Count} nodes: {Members}")]
    private static partial void LogDivided(ILogger logger, int mine, int all, int count, string members);

    [LoggerMessage(EventId = 9751, Level = LogLevel.Warning, Message = "Could not read the nodes; the checks stay divided as they were")]
    private static partial void LogNodesUnreadable(ILogger logger, Exception e);
}
