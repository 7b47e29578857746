using Pharos.Config;
using Pharos.Monitoring.History;
using Pharos.Storage;

namespace Pharos.StatusPage;

/// <summary>
/// Keeps the served snapshot current: it polls the data version every second (one tiny query, not one per page
/// view), reloads on any change from any process, and re-renders at least once per refresh interval and at each
/// maintenance window's edge. It only reads: the windows' edges are applied in memory (the maintenance clock writes
/// them), so the page keeps moving while the database cannot be written. A failed load keeps the last good snapshot.
/// </summary>
public sealed partial class StatusRefresher(
    IStatusStore store,
    StatusSite site,
    SiteCatalog config,
    TimeProvider time,
    ILogger<StatusRefresher> logger,
    MonitorHistoryLoader monitoring) : BackgroundService
{
    /// <summary>How far back the snapshot reaches: a year of history plus slack for the 90-day views.</summary>
    public static readonly TimeSpan HistoryWindow = TimeSpan.FromDays(400);

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    // One refresh at a time: two interleaved (the loop's, woken by a write, and a forced one) could publish the
    // snapshot loaded first after the one loaded last, and serve data from before the last write until the next poll.
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private CancellationTokenSource? _wake;
    private int _requested;

    /// <summary>Asks for a reload now, for writers in this process that should not wait for the next poll.</summary>
    public void RequestRefresh()
    {
        Interlocked.Exchange(ref _requested, 1);
        try
        {
            Volatile.Read(ref _wake)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The wait it would have cut short has already ended.
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first snapshot exists before the server listens, so no request ever finds an empty site.
        await RefreshAsync(force: true, cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using (var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    Volatile.Write(ref _wake, wake);
                    if (Volatile.Read(ref _requested) == 0)
                    {
                        await Task.Delay(PollInterval, time, wake.Token).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
                    }

                    Volatile.Write(ref _wake, null);
                }

                stoppingToken.ThrowIfCancellationRequested();
                var forced = Interlocked.Exchange(ref _requested, 0) == 1;
                await RefreshAsync(forced, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogRefreshFailed(logger, e);
            }
        }
    }

    /// <summary>Reloads when the data changed, when forced, or when the current render is older than the refresh interval.</summary>
    public async Task RefreshAsync(bool force, CancellationToken ct)
    {
        await _refreshing.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await RefreshOnceAsync(force, ct).ConfigureAwait(false);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private async Task RefreshOnceAsync(bool force, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var current = site.Snapshot;
        var version = await store.GetDataVersionAsync(ct).ConfigureAwait(false);
        var due = force
            || current is null
            || version != current.DataVersion
            || monitoring.Version != current.HealthVersion
            || now - current.GeneratedAt >= config.Site.RefreshInterval
            || NextMaintenanceEdge(current) <= now;
        if (!due)
        {
            return;
        }

        var data = await store.LoadAsync(now - HistoryWindow, ct).ConfigureAwait(false);

        var history = await monitoring.LoadAsync(now, ct).ConfigureAwait(false);
        site.Publish(SnapshotBuilder.Build(config, data, now, history: history));
        if (current is null || current.DataVersion != data.Version)
        {
            LogPublished(logger, data.Version, data.Incidents.Count, data.Maintenances.Count);
        }
    }

    private static DateTimeOffset NextMaintenanceEdge(StatusSnapshot s) =>
        s.Maintenances.Select(m => m.NextEdge).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Refreshing the status snapshot failed; the last good snapshot stays in service")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Status snapshot version {Version}: {Incidents} incidents, {Maintenances} maintenances")]
    private static partial void LogPublished(ILogger logger, long version, int incidents, int maintenances);
}
