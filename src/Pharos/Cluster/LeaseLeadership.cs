namespace Pharos.Cluster;

/// <summary>
/// Elects one leader among the nodes that share a database. A candidate takes the lease (and on PostgreSQL first the
/// advisory lock); the leader renews every heartbeat and steps down as soon as it cannot prove within its lease that
/// it still holds it, before any other node may take over. Each new leader raises the term, fencing the old one's writes.
/// </summary>
public sealed partial class LeaseLeadership(
    NodeIdentity node,
    NodeConfig config,
    LeaseStore leases,
    TimeProvider time,
    ILogger<LeaseLeadership> logger,
    IExclusiveLock? exclusive = null) : BackgroundService, ILeadership, ILeaderFence
{
    private readonly Lock _gate = new();
    private TaskCompletionSource<LeaderTerm> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _termCts;
    private LeaderTerm? _current;
    private long _lastTerm;

    // Made when the service starts, not when its loop first runs (which .NET starts on another thread): the first
    // heartbeat is due one heartbeat after start, however late the loop gets going.
    private PeriodicTimer? _beat;

    public string NodeId => node.Id;

    public LeaderTerm? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>The term this node last held: fenced writes started under it still carry it after a step-down.</summary>
    public long LastTerm => Interlocked.Read(ref _lastTerm);

    public Task<LeaderTerm> WaitForTermAsync(CancellationToken ct)
    {
        Task<LeaderTerm> next;
        lock (_gate)
        {
            if (_current is { } current)
            {
                return Task.FromResult(current);
            }

            next = _next.Task;
        }

        return next.WaitAsync(ct);
    }

    public async Task EnsureAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, CancellationToken ct)
    {
        var term = Current?.Number ?? throw new FencedException($"node {node.Id} does not lead; the write is not made");
        if (!await LeaseStore.HoldsAsync(connection, transaction, LeaseStore.ControllerLease, node.Id, term, exclusive is not null, ct).ConfigureAwait(false))
        {
            throw new FencedException($"node {node.Id} lost term {term} to another leader; the write is not made");
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // One attempt in line: a lone node (or the first of several) leads before the leader-only services would start.
        if (config.Runs(NodeRole.Controller))
        {
            try
            {
                await TryLeadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogLeaseError(logger, e, node.Id);
            }
        }

        _beat = new PeriodicTimer(config.Heartbeat, time);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        _beat?.Dispose();
        // Also when the loop never ran (a stop right after start): the lease and lock are given back here.
        await ReleaseAsync().ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.Runs(NodeRole.Controller))
        {
            LogNotCandidate(logger, node.Id);
            return;
        }

        var lastProof = time.GetTimestamp();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (_beat is null || !await _beat.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                {
                    break;
                }

                try
                {
                    if (Current is { } term)
                    {
                        lastProof = await RenewAsync(term, lastProof, stoppingToken).ConfigureAwait(false);
                    }
                    else if (await TryLeadAsync(stoppingToken).ConfigureAwait(false))
                    {
                        lastProof = time.GetTimestamp();
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    LogLeaseError(logger, e, node.Id);
                    if (Current is not null && time.GetElapsedTime(lastProof) >= config.LeaseTtl - config.Heartbeat)
                    {
                        StepDown("the lease could not be renewed within its time");
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> TryLeadAsync(CancellationToken ct)
    {
        if (exclusive is not null && !await exclusive.TryAcquireAsync(ct).ConfigureAwait(false))
        {
            // Someone holds the lock. If its lease ran out, its session hangs on (a frozen process, a cut network):
            // end that session so the lock frees; its writes are fenced by the term we take next.
            var lease = await leases.ReadAsync(LeaseStore.ControllerLease, ct).ConfigureAwait(false);
            if (lease is { HolderPid: { } pid, Holder: { } holder } && holder != node.Id && lease.ExpiresAt < time.GetUtcNow().ToUnixTimeMilliseconds())
            {
                LogEndingStale(logger, holder, pid);
                await exclusive.EndStaleSessionAsync((int)pid, ct).ConfigureAwait(false);
            }

            return false;
        }

        var number = await leases.TryAcquireAsync(LeaseStore.ControllerLease, node.Id, exclusive?.SessionId, time.GetUtcNow(), config.LeaseTtl, force: exclusive is not null, ct).ConfigureAwait(false);
        if (number is not { } n)
        {
            return false;
        }

        lock (_gate)
        {
            _termCts = new CancellationTokenSource();
            _current = new LeaderTerm(n, _termCts.Token);
            Interlocked.Exchange(ref _lastTerm, n);
            _next.TrySetResult(_current);
        }

        LogLeading(logger, node.Id, n);
        return true;
    }

    private async Task<long> RenewAsync(LeaderTerm term, long lastProof, CancellationToken ct)
    {
        var held = exclusive is null || await exclusive.StillHeldAsync(ct).ConfigureAwait(false);
        if (!held)
        {
            StepDown("the database session holding the leader lock ended");
            return lastProof;
        }

        if (!await leases.RenewAsync(LeaseStore.ControllerLease, node.Id, term.Number, time.GetUtcNow(), config.LeaseTtl, ct).ConfigureAwait(false))
        {
            StepDown("another node took the lease");
            return lastProof;
        }

        return time.GetTimestamp();
    }

    private void StepDown(string why)
    {
        CancellationTokenSource? cts;
        long number;
        lock (_gate)
        {
            if (_current is null)
            {
                return;
            }

            number = _current.Number;
            cts = _termCts;
            _current = null;
            _termCts = null;
            _next = new TaskCompletionSource<LeaderTerm>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        LogSteppedDown(logger, node.Id, number, why);
        cts?.Cancel();
        cts?.Dispose();
    }

    private async Task ReleaseAsync()
    {
        var term = Current;
        StepDown("the node is stopping");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            if (term is not null)
            {
                await leases.ReleaseAsync(LeaseStore.ControllerLease, node.Id, term.Number, timeout.Token).ConfigureAwait(false);
            }

            if (exclusive is not null)
            {
                await exclusive.ReleaseAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The lease then simply expires, and the server drops the lock with the session.
            LogLeaseError(logger, e, node.Id);
        }
    }

    [LoggerMessage(EventId = 9700, Level = LogLevel.Information, Message = "Node {NodeId} leads in term {Term}")]
    private static partial void LogLeading(ILogger logger, string nodeId, long term);

    [LoggerMessage(EventId = 9701, Level = LogLevel.Warning, Message = "Node {NodeId} stopped leading term {Term}: {Why}")]
    private static partial void LogSteppedDown(ILogger logger, string nodeId, long term, string why);

    [LoggerMessage(EventId = 9702, Level = LogLevel.Warning, Message = "Node {NodeId} could not read or renew the leader lease")]
    private static partial void LogLeaseError(ILogger logger, Exception exception, string nodeId);

    [LoggerMessage(EventId = 9703, Level = LogLevel.Warning, Message = "Leader {Holder} let its lease expire while its session {SessionId} holds the lock; ending that session")]
    private static partial void LogEndingStale(ILogger logger, string holder, long sessionId);

    [LoggerMessage(EventId = 9704, Level = LogLevel.Information, Message = "Node {NodeId} does not run the controller role and never leads")]
    private static partial void LogNotCandidate(ILogger logger, string nodeId);
}
