using System.Collections.Concurrent;
using Pharos.Audit;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Locations;
using Pharos.Monitoring.Scheduling;
using Pharos.Storage;

namespace Pharos.Probes;

/// <summary>
/// Takes a probe's batch: admits it once (a replay is acknowledged and not recorded again), then hands each result
/// to the same pipeline as this server's own runs, with the probe's location. A probe's batches are taken one at a
/// time, in the order they come, so its results reach the state machines in order.
/// </summary>
public sealed partial class ProbeIngest(ProbeStore store, IAuditStore audit, CheckCatalog checks, LocationPlan plan, MonitorPipeline pipeline, TimeProvider time, ILogger<ProbeIngest> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public async Task<ProbeBatchReply> TakeAsync(Probe probe, ProbeBatch batch, CancellationToken ct)
    {
        var gate = _gates.GetOrAdd(probe.Name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (await store.AdmitAsync(probe.Name, batch, time.GetUtcNow(), ct).ConfigureAwait(false) == BatchAdmission.Duplicate)
            {
                LogDuplicate(logger, probe.Name, batch.Sequence);
                return new ProbeBatchReply(batch.Sequence, true, 0, 0);
            }

            if (probe.Instance != batch.Instance || probe.Version != batch.Version)
            {
                await AuditConnectedAsync(probe, batch, ct).ConfigureAwait(false);
            }

            int accepted = 0, skipped = 0;
            foreach (var r in batch.Results.OrderBy(r => r.At))
            {
                // Only what the location is meant to run counts: a probe cannot speak for checks it was not given.
                if (checks.Find(r.Check) is not { } check || !plan.RunsAt(check.Id, probe.Location) || Outcome(r.Outcome) is not { } outcome)
                {
                    skipped++;
                    continue;
                }

                var result = new ProbeResult(outcome, TimeSpan.FromMilliseconds(Math.Max(0, r.LatencyMs)), Truncate(r.Message));
                // Stopping the host must not cut a batch in half once admitted: the probe would not send it again.
                await pipeline.RecordAsync(check, probe.Location, result, DateTimeOffset.FromUnixTimeMilliseconds(r.At), CancellationToken.None).ConfigureAwait(false);
                accepted++;
            }

            if (skipped > 0)
            {
                LogSkipped(logger, probe.Name, skipped, batch.Sequence);
            }

            return new ProbeBatchReply(batch.Sequence, false, accepted, skipped);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>A probe's first batch, a new data folder or a new version: who reports for a location is audited.</summary>
    private Task AuditConnectedAsync(Probe probe, ProbeBatch batch, CancellationToken ct) => audit.AppendAsync(new AuditEntry
    {
        At = time.GetUtcNow(),
        Actor = Actor.System("probes"),
        Action = "probe.connected",
        TargetType = "probe",
        TargetId = probe.Name,
        Summary = $"Probe \"{probe.Name}\" ({probe.Location}) reports as instance {batch.Instance}, version {batch.Version ?? "unknown"}",
        Before = AuditJson.Of(new { probe.Instance, probe.Version }),
        After = AuditJson.Of(new { batch.Instance, batch.Version }),
    }, ct);

    private static CheckOutcome? Outcome(string text) => text switch
    {
        "up" => CheckOutcome.Up,
        "degraded" => CheckOutcome.Degraded,
        "down" => CheckOutcome.Down,
        _ => null,
    };

    private static string? Truncate(string? message) => message is { Length: > 1000 } ? message[..1000] : message;

    [LoggerMessage(EventId = 9553, Level = LogLevel.Information, Message = "Probe {Probe} sent batch {Sequence} again; acknowledged, not recorded twice")]
    private static partial void LogDuplicate(ILogger logger, string probe, long sequence);

    [LoggerMessage(EventId = 9554, Level = LogLevel.Warning, Message = "Probe {Probe} sent {Count} results in batch {Sequence} for checks its location does not run (or unknown outcomes); they are ignored")]
    private static partial void LogSkipped(ILogger logger, string probe, int count, long sequence);
}
