using Pharos.Cluster;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Results;
using Pharos.Monitoring.Scheduling;
using Pharos.Monitoring.Storage;

namespace Pharos.Monitoring.Division;

/// <summary>
/// Follows the results other nodes wrote (their own runs and the probe batches they took) and hands them to this
/// node's pipeline, so that every node holds every check's state: the page is the same on every node, the leader's
/// failover triggers see checks run elsewhere, and a node that takes over a dead node's checks already knows their
/// state. Alone on its database, it only keeps its place, so that it misses nothing the moment another node starts.
/// </summary>
public sealed partial class ResultFeed(
    ResultFeedStore store,
    NodeCheckDivision division,
    NodeIdentity self,
    CheckCatalog checks,
    MonitorPipeline pipeline,
    HeartbeatRegistry heartbeats,
    TimeProvider time,
    ILogger<ResultFeed> logger) : BackgroundService
{
    /// <summary>How often the feed reads; a result written elsewhere reaches this node within this and the writer's batch window.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private const int Page = 5_000;

    /// <summary>Polls between reads of the heartbeat calls other nodes took (every two seconds).</summary>
    private const int PingsEvery = 4;

    private long? _cursor;
    private int _polls;
    private long _followed;
    private int _failuresInRow;

    /// <summary>Results of other nodes applied since start.</summary>
    public long Followed => Interlocked.Read(ref _followed);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Results written before start are history: the states they led to were restored from the database.
        await TryStartAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await PollAsync(stoppingToken).ConfigureAwait(false);
                _failuresInRow = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The database is away: the cursor stays, and the rows written meanwhile are read when it is back.
                if (_failuresInRow++ % 20 == 0)
                {
                    LogReadFailed(logger, _failuresInRow, e);
                }
            }
        }
    }

    /// <summary>Reads and applies what other nodes wrote since the last poll.</summary>
    public async Task PollAsync(CancellationToken ct)
    {
        if (_cursor is not { } cursor)
        {
            await TryStartAsync(ct).ConfigureAwait(false);
            return;
        }

        if (!division.Shared)
        {
            _cursor = await store.LastAsync(ct).ConfigureAwait(false);
            return;
        }

        if (_polls++ % PingsEvery == 0)
        {
            // A job calls whichever node its load balancer picks; the node that runs its check must see the call.
            foreach (var (checkId, at, failed) in await store.ReadPingsAsync(ct).ConfigureAwait(false))
            {
                heartbeats.Follow(checkId, DateTimeOffset.FromUnixTimeMilliseconds(at), failed);
            }
        }

        while (true)
        {
            var rows = await store.ReadAfterAsync(cursor, Page, ct).ConfigureAwait(false);
            foreach (var row in rows)
            {
                cursor = row.Seq;
                if (row.RecordedBy == self.Id || checks.Find(row.CheckId) is not { } check)
                {
                    continue;
                }

                var result = new CheckResult(check.Id, check.ComponentId, DateTimeOffset.FromUnixTimeMilliseconds(row.At), (CheckOutcome)row.Outcome, row.LatencyMs, row.Message)
                {
                    Location = row.Location,
                };
                await pipeline.FollowAsync(check, result, ct).ConfigureAwait(false);
                Interlocked.Increment(ref _followed);
            }

            _cursor = cursor;
            if (rows.Count < Page)
            {
                return;
            }
        }
    }

    private async Task TryStartAsync(CancellationToken ct)
    {
        try
        {
            _cursor = await store.LastAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogReadFailed(logger, 1, e);
        }
    }

    [LoggerMessage(EventId = 9752, Level = LogLevel.Warning, Message = "Could not read the results other nodes wrote ({Failures} times in a row); they are read when the database answers")]
    private static partial void LogReadFailed(ILogger logger, int failures, Exception e);
}
