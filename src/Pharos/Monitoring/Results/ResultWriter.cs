using System.Threading.Channels;
using Pharos.Monitoring.Storage;

namespace Pharos.Monitoring.Results;

/// <summary>
/// The one writer of monitoring data: a bounded channel drained in batches (up to 10,000 records or half a second),
/// each batch one transaction with its rollups pre-added in memory. A full channel makes checks wait rather than
/// lose results. Pruning past retention runs here too, so no two writers contend.
/// </summary>
public sealed partial class ResultWriter(IMonitorStore store, MonitoringConfig config, TimeProvider time, ILogger<ResultWriter> logger) : BackgroundService
{
    private const int BatchLimit = 10_000;
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    private readonly Channel<MonitorRecord> _channel = Channel.CreateBounded<MonitorRecord>(new BoundedChannelOptions(200_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private long _written;

    /// <summary>Records waiting to be written.</summary>
    public int QueueDepth => _channel.Reader.Count;

    /// <summary>Records written since start.</summary>
    public long Written => Interlocked.Read(ref _written);

    public ValueTask EnqueueAsync(MonitorRecord record, CancellationToken ct) => _channel.Writer.WriteAsync(record, ct);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Stop taking records, then let the loop drain what is queued before the host goes.
        _channel.Writer.TryComplete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastPrune = DateTimeOffset.MinValue;
        var reader = _channel.Reader;
        var buffer = new List<MonitorRecord>(BatchLimit);
        while (true)
        {
            try
            {
                if (!await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    break;
                }

                // Gather briefly so that each transaction carries many rows. The window is wall-clock on purpose:
                // it is about I/O efficiency, not about the check schedule that the injected clock drives.
                for (var round = 0; round < 5 && buffer.Count < BatchLimit; round++)
                {
                    while (buffer.Count < BatchLimit && reader.TryRead(out var r))
                    {
                        buffer.Add(r);
                    }

                    if (buffer.Count >= BatchLimit || reader.Completion.IsCompleted || stoppingToken.IsCancellationRequested)
                    {
                        break;
                    }

                    await Task.Delay(BatchWindow / 5, CancellationToken.None).ConfigureAwait(false);
                }

                await store.WriteBatchAsync(BatchBuilder.Build(buffer), CancellationToken.None).ConfigureAwait(false);
                Interlocked.Add(ref _written, buffer.Count);
                buffer.Clear();

                var now = time.GetUtcNow();
                if (now - lastPrune >= PruneEvery)
                {
                    lastPrune = now;
                    var removed = await store.PruneAsync(now - config.RawRetention, now - config.MinuteRetention, now - config.RollupRetention, stoppingToken).ConfigureAwait(false);
                    LogPruned(logger, removed);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Pruning was cut short by shutdown; the queue still drains.
            }
            catch (Exception e)
            {
                LogWriteFailed(logger, e, buffer.Count);
                buffer.Clear();
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Error, Message = "Writing {Count} monitoring records failed; they are dropped")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Pruned {Rows} monitoring rows past retention")]
    private static partial void LogPruned(ILogger logger, long rows);
}
