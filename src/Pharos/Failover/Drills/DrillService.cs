using System.Collections.Concurrent;
using Pharos.Audit;

namespace Pharos.Failover.Drills;

/// <summary>
/// Runs drills on the leading node: every second it starts the drills requested (by the admin, the API, the CLI or
/// the schedule, on any node), returns the names of drills a node left running to the primary, and requests the
/// scheduled ones that are due. One drill per policy at a time (the table's unique index says so too).
/// </summary>
internal sealed partial class DrillService(FailoverController controller, DrillRunner runner, DrillStore store, TimeProvider time, ILogger<DrillService> logger) : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    /// <summary>A request no leading node started within this time is dropped, so a drill never starts by surprise much later.</summary>
    public static readonly TimeSpan RequestWait = TimeSpan.FromMinutes(2);

    /// <summary>Who scheduled drills are by.</summary>
    public static readonly Actor Schedule = Actor.System("drill-schedule");

    private readonly ConcurrentDictionary<long, Task> _running = new();

    // The loop and a test driving it may tick at once; one pass at a time starts each drill once.
    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly Dictionary<string, DateTimeOffset> _next = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _next.Clear();
        using var timer = new PeriodicTimer(Tick, time);
        try
        {
            do
            {
                try
                {
                    await TickAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    LogTickFailed(logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a drill under way stays running in its row; the next leader returns its names to the primary.
        }
        finally
        {
            await Task.WhenAll(_running.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>One pass: recover, start, schedule. Public for tests that drive it under a fake clock.</summary>
    public async Task TickAsync(CancellationToken ct)
    {
        if (!controller.IsRunning)
        {
            return;
        }

        await _one.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await PassAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task PassAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var d in await store.UnfinishedAsync(ct).ConfigureAwait(false))
        {
            if (_running.TryGetValue(d.Id, out var under) && !under.IsCompleted)
            {
                continue;
            }

            if (d.Status == DrillStatus.Running)
            {
                // Not ours: the node that ran it stopped or lost the lead in the middle.
                Start(d, runner.RecoverAsync, ct);
            }
            else if (now - d.RequestedAt > RequestWait)
            {
                await store.SaveAsync(d.Finish(DrillStatus.Aborted, $"no leading node started it within {DrillStore.DurationText(RequestWait)} of the request; nothing moved", now), null, ct).ConfigureAwait(false);
            }
            else
            {
                Start(d, runner.RunAsync, ct);
            }
        }

        await ScheduleAsync(now, ct).ConfigureAwait(false);
    }

    /// <summary>Requests each policy's scheduled drill once its time has come; runs missed while no node led are skipped.</summary>
    private async Task ScheduleAsync(DateTimeOffset now, CancellationToken ct)
    {
        foreach (var policy in controller.Policies.Where(p => p.Drill.Schedule is not null))
        {
            if (!_next.TryGetValue(policy.Id, out var next))
            {
                _next[policy.Id] = policy.Drill.NextAfter(now) ?? DateTimeOffset.MaxValue;
                continue;
            }

            if (now < next)
            {
                continue;
            }

            _next[policy.Id] = policy.Drill.NextAfter(now) ?? DateTimeOffset.MaxValue;
            var id = await store.RequestAsync(policy.Id, Schedule, policy.Drill.Hold, now, ct).ConfigureAwait(false);
            if (id is null)
            {
                LogScheduleSkipped(logger, policy.Id, policy.Drill.ScheduleText ?? "");
            }
            else
            {
                LogScheduled(logger, policy.Id, id.Value, policy.Drill.ScheduleText ?? "");
            }
        }
    }

    private void Start(Drill d, Func<Drill, CancellationToken, Task<Drill>> run, CancellationToken ct)
    {
        _running[d.Id] = Task.Run(
            async () =>
            {
                try
                {
                    await run(d, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // Left running in its row on purpose: see ExecuteAsync.
                }
                catch (Exception e)
                {
                    // The database away or a fenced write: the row stays unfinished and the next pass (or leader) recovers it.
                    LogDrillFailed(logger, d.PolicyId, d.Id, e);
                }
                finally
                {
                    _running.TryRemove(d.Id, out _);
                }
            },
            CancellationToken.None);
    }

    [LoggerMessage(EventId = 9994, Level = LogLevel.Information, Message = "Failover policy {Policy}: scheduled drill {Drill} requested ({Schedule})")]
    private static partial void LogScheduled(ILogger logger, string policy, long drill, string schedule);

    [LoggerMessage(EventId = 9995, Level = LogLevel.Warning, Message = "Failover policy {Policy}: the scheduled drill ({Schedule}) is skipped, another drill of the policy is unfinished")]
    private static partial void LogScheduleSkipped(ILogger logger, string policy, string schedule);

    [LoggerMessage(EventId = 9996, Level = LogLevel.Error, Message = "Failover policy {Policy}: drill {Drill} stopped on an error; its row stays unfinished and is recovered on the next pass")]
    private static partial void LogDrillFailed(ILogger logger, string policy, long drill, Exception exception);

    [LoggerMessage(EventId = 9997, Level = LogLevel.Error, Message = "The drill pass failed; the next one tries again")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
