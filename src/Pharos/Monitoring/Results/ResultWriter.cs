using System.Threading.Channels;
using Pharos.Domain;
using Pharos.Monitoring.Alerts;
using Pharos.Monitoring.Metrics;
using Pharos.Monitoring.Storage;
using Pharos.Writes;

namespace Pharos.Monitoring.Results;

/// <summary>
/// The one writer of monitoring data: a queue drained in batches (up to 10,000 results or half a second), each batch
/// one transaction with its rollups pre-added in memory. Pruning past retention runs here too, so no two writers
/// contend.
/// <para>
/// What a failed write loses differs by kind. State changes (a check or a component changing status) are what a
/// restart restores from, so they are kept, in order, and retried with backoff until written, in their own
/// transaction ahead of any results. Raw results are only points on charts: a full queue drops new ones rather than
/// making checks wait, and a batch that keeps failing while the database takes other writes is dropped. Every failed
/// write is logged and counted (pharos_result_write_failures_total), every dropped result too.
/// </para>
/// </summary>
public sealed partial class ResultWriter(
    IMonitorStore store,
    MonitoringConfig config,
    ResultWriterOptions options,
    MonitorMetrics metrics,
    StorageAlerts alerts,
    IEnumerable<IAfterCommit> afterCommit,
    TimeProvider time,
    ILogger<ResultWriter> logger) : BackgroundService
{
    /// <summary>Failed writes in a row after which operators are alerted (once per streak).</summary>
    private const int AlertAfter = 5;

    private const int BatchLimit = 10_000;

    /// <summary>A results batch failing this often in a row is given up: it likely holds a row the database refuses.</summary>
    private const int ResultAttempts = 5;

    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    // Unbounded so that a state change is never refused; raw results are capped by _queuedResults instead. Not
    // declared single-reader, though it is, because only the general channel can count what it holds.
    private readonly Channel<MonitorRecord> _channel = Channel.CreateUnbounded<MonitorRecord>();

    /// <summary>Cancelled when the host's shutdown deadline passes: changes still unwritten then are given up.</summary>
    private readonly CancellationTokenSource _abandon = new();

    /// <summary>State changes taken from the queue and not yet written, oldest first; the loop alone touches it.</summary>
    private readonly List<MonitorRecord> _changes = [];

    /// <summary>Raw results taken from the queue and not yet written; the loop alone touches it.</summary>
    private readonly List<CheckResult> _results = new(BatchLimit);

    // Told when events were committed with state changes, so the router sends them at once instead of at its next poll.
    private readonly IAfterCommit[] _afterCommit = afterCommit.ToArray();

    // The loop's own bookkeeping: failures in a row (all writes, and the held results'), the next backoff, and what
    // was last said about drops and pruning.
    private int _failuresInRow;
    private int _resultFailures;
    private TimeSpan _delay = options.FirstRetryDelay;
    private long _droppedLogged;
    private DateTimeOffset _droppedLoggedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    private int _queuedResults;
    private int _held;
    private long _written;
    private long _dropped;
    private long _failures;

    /// <summary>Records waiting to be written, including those held for a retry.</summary>
    public int QueueDepth => _channel.Reader.Count + Volatile.Read(ref _held);

    /// <summary>Records written since start.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Raw results dropped since start (queue full, or a batch the database kept refusing).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Failed write attempts since start.</summary>
    public long WriteFailures => Interlocked.Read(ref _failures);

    public ValueTask EnqueueAsync(MonitorRecord record, CancellationToken ct)
    {
        if (record is CheckResult && Interlocked.Increment(ref _queuedResults) > options.QueueCapacity)
        {
            Interlocked.Decrement(ref _queuedResults);
            Drop(1);
            return ValueTask.CompletedTask;
        }

        return _channel.Writer.WriteAsync(record, ct);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Stop taking records, then let the loop drain what is queued before the host goes; if the database still
        // refuses writes when the host's patience ends, the loop gives up and says what was lost.
        _channel.Writer.TryComplete();
        using (cancellationToken.Register(_abandon.Cancel))
        {
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        _abandon.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (_results.Count > 0 || _changes.Count > 0 || await _channel.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            await GatherAsync(stoppingToken).ConfigureAwait(false);
            Volatile.Write(ref _held, _results.Count + _changes.Count);
            try
            {
                await WriteChangesAsync().ConfigureAwait(false);
                await WriteResultsAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                if (!await RetryLaterAsync(e).ConfigureAwait(false))
                {
                    LogGaveUp(logger, _changes.Count, _results.Count);
                    return;
                }

                continue;
            }

            if (_failuresInRow > 0)
            {
                LogRecovered(logger, _failuresInRow);
                _failuresInRow = 0;
                _delay = options.FirstRetryDelay;
            }

            Volatile.Write(ref _held, 0);
            ReportDrops();
            await PruneIfDueAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Takes what is queued, waiting briefly so that each transaction carries many rows. The window is wall-clock on
    /// purpose: it is about I/O efficiency, not about the check schedule that the injected clock drives.
    /// </summary>
    private async Task GatherAsync(CancellationToken stoppingToken)
    {
        var reader = _channel.Reader;
        for (var round = 0; round < 5 && _results.Count < BatchLimit; round++)
        {
            while (_results.Count < BatchLimit && reader.TryRead(out var record))
            {
                if (record is CheckResult r)
                {
                    Interlocked.Decrement(ref _queuedResults);
                    _results.Add(r);
                }
                else
                {
                    _changes.Add(record);
                }
            }

            if (_results.Count >= BatchLimit || reader.Completion.IsCompleted || stoppingToken.IsCancellationRequested)
            {
                break;
            }

            await Task.Delay(BatchWindow / 5, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the held state changes, oldest first, in one transaction of their own; they stay held if it fails.</summary>
    private async Task WriteChangesAsync()
    {
        if (_changes.Count == 0)
        {
            return;
        }

        var batch = BatchBuilder.Build(_changes);
        await store.WriteBatchAsync(batch, CancellationToken.None).ConfigureAwait(false);
        Interlocked.Add(ref _written, _changes.Count);
        _changes.Clear();
        if (batch.Events.Count + batch.OnceEvents.Count > 0)
        {
            IReadOnlyList<DomainEvent> events = [.. batch.Events, .. batch.OnceEvents];
            foreach (var listener in _afterCommit)
            {
                listener.Committed(events);
            }
        }
    }

    /// <summary>
    /// Writes the held results. A batch that keeps failing is given up after <see cref="ResultAttempts"/> tries in a
    /// row; before that the exception goes on to the retry, the results still held.
    /// </summary>
    private async Task WriteResultsAsync()
    {
        if (_results.Count == 0)
        {
            return;
        }

        try
        {
            await store.WriteBatchAsync(BatchBuilder.Build(_results), CancellationToken.None).ConfigureAwait(false);
            Interlocked.Add(ref _written, _results.Count);
        }
        catch (Exception e) when (++_resultFailures >= ResultAttempts)
        {
            LogResultsGivenUp(logger, e, _results.Count, _resultFailures);
            Drop(_results.Count);
        }

        _results.Clear();
        _resultFailures = 0;
    }

    /// <summary>Counts and logs a failed attempt, then waits before the next; false when shutdown has run out of time.</summary>
    private async Task<bool> RetryLaterAsync(Exception e)
    {
        _failuresInRow++;
        Interlocked.Increment(ref _failures);
        metrics.ResultWriteFailed();
        LogWriteFailed(logger, e, _failuresInRow, _changes.Count, _results.Count, _delay.TotalSeconds);
        if (_failuresInRow == AlertAfter)
        {
            await alerts.RaiseAsync(
                "monitoring result writer",
                $"{_changes.Count} check state changes are held and retried; raw results past {ResultAttempts} failed attempts are dropped.",
                _failuresInRow,
                e,
                _abandon.Token).ConfigureAwait(false);
        }

        try
        {
            await Task.Delay(_delay, _abandon.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        _delay = _delay * 2 < options.MaxRetryDelay ? _delay * 2 : options.MaxRetryDelay;
        return true;
    }

    /// <summary>Says how many results were dropped, at most once a minute: while the queue overflows, every batch has news.</summary>
    private void ReportDrops()
    {
        var dropped = Dropped;
        var now = time.GetUtcNow();
        if (dropped > _droppedLogged && now - _droppedLoggedAt >= TimeSpan.FromMinutes(1))
        {
            LogDropped(logger, dropped - _droppedLogged, dropped);
            _droppedLogged = dropped;
            _droppedLoggedAt = now;
        }
    }

    private async Task PruneIfDueAsync(CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        if (now - _lastPrune < PruneEvery || stoppingToken.IsCancellationRequested)
        {
            return;
        }

        _lastPrune = now;

        try
        {
            var removed = await store.PruneAsync(now - config.RawRetention, now - config.MinuteRetention, now - config.RollupRetention, stoppingToken).ConfigureAwait(false);
            LogPruned(logger, removed);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Cut short by shutdown; the queue still drains.
        }
        catch (Exception e)
        {
            LogPruneFailed(logger, e);
        }
    }

    private void Drop(long count)
    {
        Interlocked.Add(ref _dropped, count);
        metrics.ResultsDropped(count);
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Error, Message = "Writing monitoring records failed ({Attempt} in a row); {Changes} state changes and {Results} results are kept and retried in {DelaySeconds} s")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int attempt, int changes, int results, double delaySeconds);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Pruned {Rows} monitoring rows past retention")]
    private static partial void LogPruned(ILogger logger, long rows);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "Monitoring writes work again after {Failures} failed attempts; the state changes held meanwhile are written")]
    private static partial void LogRecovered(ILogger logger, int failures);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Error, Message = "Gave up on {Results} raw results after {Attempts} failed writes while state changes were written; they are dropped")]
    private static partial void LogResultsGivenUp(ILogger logger, Exception exception, int results, int attempts);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Warning, Message = "Dropped {Count} raw results (queue full or refused by the database; {Total} since start); state changes are kept")]
    private static partial void LogDropped(ILogger logger, long count, long total);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Critical, Message = "Shutting down while the database refuses writes: {Changes} state changes and {Results} results are lost; after a restart, check states may be stale")]
    private static partial void LogGaveUp(ILogger logger, int changes, int results);

    [LoggerMessage(EventId = 4305, Level = LogLevel.Error, Message = "Pruning monitoring rows past retention failed; it is tried again in an hour")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
