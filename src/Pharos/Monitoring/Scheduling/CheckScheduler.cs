using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Metrics;

namespace Pharos.Monitoring.Scheduling;

/// <summary>
/// Runs the assigned checks on their grids (<see cref="CheckGrid"/>: no drift, the same slots on every node) under a
/// global concurrency cap. One loop takes due checks from a single <see cref="DueQueue{T}"/> in due order and starts
/// their runs, rather than one timer and loop per check, so 50,000 checks cost one timer. A check is back in the
/// queue only when its run has finished, at its first slot after that; a slot that passes while the run is going is
/// skipped (and counted), never queued. Every run is caught whole, so one bad check never stops the others or the host.
/// </summary>
public sealed partial class CheckScheduler(
    MonitoringConfig config,
    ICheckAssignment assignment,
    ProbeFactory probes,
    IResultSink sink,
    MonitorMetrics metrics,
    SchedulerOptions options,
    TimeProvider time,
    ILogger<CheckScheduler> logger) : BackgroundService
{
    private readonly object _gate = new();

    // The assigned checks by id, and the runs in flight by check id (a check no longer assigned stays here until its
    // run ends, so that a re-assigned check does not run twice at once). The lock on _gate guards both.
    private readonly Dictionary<string, ScheduledCheck> _checks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScheduledCheck> _running = new(StringComparer.Ordinal);
    private readonly DueQueue<ScheduledCheck> _queue = new(time);
    private readonly SemaphoreSlim _concurrency = new(config.MaxConcurrency);
    private CancellationToken _stopping;
    private bool _started;
    private int _inFlight;

    /// <summary>How many checks this process runs now.</summary>
    public int Assigned
    {
        get
        {
            lock (_gate)
            {
                return _checks.Count;
            }
        }
    }

    /// <summary>Runs started and not yet back in the queue (or let go, for a check no longer assigned).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Whether a check is among those this process runs now.</summary>
    public bool Runs(string checkId)
    {
        lock (_gate)
        {
            return _checks.ContainsKey(checkId);
        }
    }

    public override void Dispose()
    {
        _concurrency.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lock (_gate)
        {
            _stopping = stoppingToken;
            _started = true;
        }

        assignment.Changed += Reconcile;
        try
        {
            var (added, _) = Reconcile(initial: true);
            LogStarted(logger, added, config.MaxConcurrency);
            var due = new List<(ScheduledCheck Check, DateTimeOffset Due)>();
            while (true)
            {
                await _queue.TakeDueAsync(due, stoppingToken).ConfigureAwait(false);
                foreach (var (check, at) in due)
                {
                    try
                    {
                        await DispatchAsync(check, at, stoppingToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        LogCheckFailed(logger, e, check.Check.Id);
                    }
                }

                due.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the runs in flight see the same token and end.
        }
        finally
        {
            assignment.Changed -= Reconcile;
            Task[] inFlight;
            lock (_gate)
            {
                inFlight = [.. _running.Values.Select(c => c.Running!)];
            }

            await Task.WhenAll(inFlight).ConfigureAwait(false);
        }
    }

    private void Reconcile() => Reconcile(initial: false);

    /// <summary>Starts the checks newly assigned and stops those no longer assigned; a check whose config changed is restarted.</summary>
    private (int Added, int Removed) Reconcile(bool initial)
    {
        int added = 0, removed = 0;
        lock (_gate)
        {
            if (!_started || _stopping.IsCancellationRequested)
            {
                return (0, 0);
            }

            var wanted = new Dictionary<string, CheckConfig>(StringComparer.Ordinal);
            foreach (var check in assignment.Current)
            {
                wanted[check.Id] = check;
            }

            foreach (var (id, scheduled) in _checks.Where(kv => !wanted.TryGetValue(kv.Key, out var c) || !ReferenceEquals(c, kv.Value.Check)).ToList())
            {
                scheduled.Removed = true;
                _checks.Remove(id);
                removed++;
            }

            var now = time.GetUtcNow();
            foreach (var check in wanted.Values.Where(c => !_checks.ContainsKey(c.Id)))
            {
                if (Create(check) is { } scheduled)
                {
                    _checks[check.Id] = scheduled;
                    // A run from before a removal may still be going: its slots are skipped until it ends.
                    scheduled.Running = _running.GetValueOrDefault(check.Id)?.Running;
                    _queue.Add(scheduled, scheduled.Grid.FirstDue(now, options.MaxJitter));
                    added++;
                }
            }
        }

        if (!initial && added + removed > 0)
        {
            LogAssignmentChanged(logger, added, removed, Assigned);
        }

        return (added, removed);
    }

    private ScheduledCheck? Create(CheckConfig check)
    {
        try
        {
            return new ScheduledCheck(check, probes.Create(check), CheckGrid.For(check.Id, check.Interval, options.MaxJitter, options.Origin));
        }
        catch (Exception e)
        {
            LogCannotCreate(logger, e, check.Id);
            return null;
        }
    }

    /// <summary>Starts a due check's run once the concurrency cap allows; the wait is part of the lag it reports.</summary>
    private async Task DispatchAsync(ScheduledCheck check, DateTimeOffset due, CancellationToken stop)
    {
        if (check.Removed)
        {
            return;
        }

        if (check.Running is { IsCompleted: false })
        {
            // Only a run from before a re-assignment can be going here; this slot passes like any other missed one.
            var next = check.Grid.NextDue(due, time.GetUtcNow(), out var missed);
            metrics.Skipped(missed + 1);
            _queue.Add(check, next);
            return;
        }

        await _concurrency.WaitAsync(stop).ConfigureAwait(false);
        Interlocked.Increment(ref _inFlight);
        lock (_gate)
        {
            if (check.Removed)
            {
                // Unassigned while it waited for a place: no run starts after that.
                Interlocked.Decrement(ref _inFlight);
                _concurrency.Release();
                return;
            }

            // Started under the lock, so that the run cannot finish (and leave _running) before it is in _running.
            check.Running = Task.Run(() => RunAsync(check, due, stop), CancellationToken.None);
            _running[check.Check.Id] = check;
        }
    }

    private async Task RunAsync(ScheduledCheck check, DateTimeOffset due, CancellationToken stop)
    {
        try
        {
            var started = time.GetUtcNow();
            metrics.Lag(started - due);
            var result = await CheckRunner.RunAsync(check.Check, check.Probe, time, stop).ConfigureAwait(false);
            await sink.RecordAsync(check.Check, result, started, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e)
        {
            LogCheckFailed(logger, e, check.Check.Id);
        }
        finally
        {
            _concurrency.Release();
        }

        try
        {
            lock (_gate)
            {
                if (_running.GetValueOrDefault(check.Check.Id) == check)
                {
                    _running.Remove(check.Check.Id);
                }

                if (check.Removed || stop.IsCancellationRequested)
                {
                    return;
                }
            }

            // The first slot after this run: late runs never pile up, and the grid never shifts.
            var next = check.Grid.NextDue(due, time.GetUtcNow(), out var skipped);
            if (skipped > 0)
            {
                metrics.Skipped(skipped);
            }

            _queue.Add(check, next);
        }
        catch (Exception e)
        {
            LogCheckFailed(logger, e, check.Check.Id);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Scheduler started {Checks} checks with at most {Concurrency} at once")]
    private static partial void LogStarted(ILogger logger, int checks, int concurrency);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Check {CheckId} failed outside its probe; it keeps its schedule")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception, string checkId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Check {CheckId} cannot be set up and will not run")]
    private static partial void LogCannotCreate(ILogger logger, Exception exception, string checkId);

    [LoggerMessage(EventId = 9600, Level = LogLevel.Information, Message = "Check assignment changed: {Added} checks started, {Removed} stopped; {Assigned} run here now")]
    private static partial void LogAssignmentChanged(ILogger logger, int added, int removed, int assigned);
}
