using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Metrics;

namespace Pharos.Monitoring.Scheduling;

/// <summary>
/// One loop per check (as gatus's watchdog), sharing a global concurrency cap. Runs are due at
/// start + jitter + k × interval, computed from the schedule and not from when the last run finished, so there is no
/// drift; a run still going when its next slot comes makes that slot be skipped (and counted), never queued.
/// A try/catch inside each loop means one bad check never stops the others or the host.
/// </summary>
public sealed partial class CheckScheduler(
    MonitoringConfig config,
    CheckCatalog checks,
    ProbeFactory probes,
    IResultSink sink,
    MonitorMetrics metrics,
    SchedulerOptions options,
    TimeProvider time,
    ILogger<CheckScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var gate = new SemaphoreSlim(config.MaxConcurrency);
        var anchor = time.GetUtcNow();
        var loops = new List<Task>(checks.All.Count);
        foreach (var check in checks.All)
        {
            IProbe probe;
            try
            {
                probe = probes.Create(check);
            }
            catch (Exception e)
            {
                LogCannotCreate(logger, e, check.Id);
                continue;
            }

            loops.Add(Task.Run(() => LoopAsync(check, probe, gate, anchor + Jitter(check), stoppingToken), CancellationToken.None));
        }

        LogStarted(logger, loops.Count, config.MaxConcurrency);
        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    private async Task LoopAsync(CheckConfig check, IProbe probe, SemaphoreSlim gate, DateTimeOffset first, CancellationToken stop)
    {
        long slot = 0;
        while (!stop.IsCancellationRequested)
        {
            var due = first + (check.Interval * slot);
            try
            {
                var wait = due - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stop).ConfigureAwait(false);
                }

                await gate.WaitAsync(stop).ConfigureAwait(false);
                try
                {
                    var started = time.GetUtcNow();
                    metrics.Lag(started - due);
                    var result = await CheckRunner.RunAsync(check, probe, time, stop).ConfigureAwait(false);
                    await sink.RecordAsync(check, result, started, stop).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogCheckFailed(logger, e, check.Id);
            }

            // The next slot after now: late runs never pile up, and the grid never shifts.
            var elapsed = time.GetUtcNow() - first;
            var next = Math.Max(slot + 1, (long)Math.Floor(elapsed / check.Interval) + 1);
            if (next > slot + 1)
            {
                metrics.Skipped(next - slot - 1);
            }

            slot = next;
        }
    }

    /// <summary>A stable share of the jitter window for this check, from a hash of its id.</summary>
    private TimeSpan Jitter(CheckConfig check)
    {
        var window = check.Interval < options.MaxJitter ? check.Interval : options.MaxJitter;
        if (window <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        // FNV-1a: stable across processes, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var ch in check.Id)
        {
            hash = (hash ^ ch) * 16777619u;
        }

        return TimeSpan.FromTicks((long)(window.Ticks * (hash / (double)uint.MaxValue)));
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Scheduler started {Checks} checks with at most {Concurrency} at once")]
    private static partial void LogStarted(ILogger logger, int checks, int concurrency);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Check {CheckId} failed outside its probe; it keeps its schedule")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception, string checkId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Check {CheckId} cannot be set up and will not run")]
    private static partial void LogCannotCreate(ILogger logger, Exception exception, string checkId);
}
