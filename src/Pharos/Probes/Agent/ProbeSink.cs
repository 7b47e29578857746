using System.Collections.Concurrent;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Scheduling;

namespace Pharos.Probes.Agent;

/// <summary>
/// Where a probe's scheduler hands each run: queued in memory and sealed into a batch on disk every batch interval
/// (<see cref="SealAsync"/>), so a result survives anything but the last interval before a crash.
/// </summary>
public sealed class ProbeSink(BatchSpool spool, ProbeAgentOptions options) : IResultSink
{
    private readonly ConcurrentQueue<ProbeResultDto> _pending = new();

    /// <summary>Set when a batch was sealed: the uploader wakes.</summary>
    public SemaphoreSlim Sealed { get; } = new(0);

    public Task RecordAsync(CheckConfig check, ProbeResult probe, DateTimeOffset at, CancellationToken ct)
    {
        var outcome = probe.Outcome switch
        {
            CheckOutcome.Up => "up",
            CheckOutcome.Degraded => "degraded",
            _ => "down",
        };
        _pending.Enqueue(new ProbeResultDto(check.Id, at.ToUnixTimeMilliseconds(), outcome, probe.Latency.TotalMilliseconds, probe.Message));
        return Task.CompletedTask;
    }

    /// <summary>Seals what is queued into batches on disk; returns how many batches.</summary>
    public int Seal()
    {
        var sealedCount = 0;
        while (!_pending.IsEmpty)
        {
            var results = new List<ProbeResultDto>();
            while (results.Count < options.MaxBatchResults && _pending.TryDequeue(out var r))
            {
                results.Add(r);
            }

            spool.Append(results, ProbeClient.Version);
            sealedCount++;
        }

        if (sealedCount > 0)
        {
            Sealed.Release();
        }

        return sealedCount;
    }

    /// <summary>Seals every batch interval until stopped, then once more for what the last runs left.</summary>
    public async Task SealAsync(TimeProvider time, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.BatchInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                Seal();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping: the last seal below keeps what is queued.
        }

        Seal();
    }
}
