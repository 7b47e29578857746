using Pharos.Audit;
using Pharos.Domain;
using Pharos.Storage;

namespace Pharos.Writes;

/// <summary>
/// Moves maintenance windows across their edges (start, end) through the one write path, as system:maintenance-clock.
/// A move that cannot be written now (database away, read-only, full) is simply tried again at the next tick; the
/// page does not wait for it, since the snapshot applies the same rule in memory.
/// </summary>
public sealed partial class MaintenanceClock(IStatusStore reads, StatusWriter writer, TimeProvider time, ILogger<MaintenanceClock> logger) : BackgroundService
{
    public static readonly Actor Actor = Actor.System("maintenance-clock");

    /// <summary>How often due edges are looked for; the page itself never waits for this.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private long _seenVersion = -1;
    private DateTimeOffset _nextEdge = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        do
        {
            try
            {
                await AdvanceDueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // Forget what was seen so the next tick reads again and retries.
                _seenVersion = -1;
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Writes every edge that is due; returns how many windows moved.</summary>
    public async Task<int> AdvanceDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var version = await reads.GetDataVersionAsync(ct).ConfigureAwait(false);
        if (version == _seenVersion && now < _nextEdge)
        {
            return 0;
        }

        var data = await reads.LoadAsync(now - TimeSpan.FromDays(1), ct).ConfigureAwait(false);
        var moved = 0;
        var failed = false;
        foreach (var m in data.Maintenances.Where(m => m.NextEdge <= now))
        {
            var result = await writer.ChangeMaintenanceAsync(
                m.Id, Actor, "maintenance.advance", (current, at, _) => current.Advance(at), a => $"\"{a.Name}\" moved to {WireNames.Of(a.Status)} at its window's edge", ct).ConfigureAwait(false);
            if (result.Outcome == WriteOutcome.Ok && !ReferenceEquals(result.Value, m))
            {
                moved++;
                LogMoved(logger, m.Id, WireNames.Of(result.Value!.Status));
            }

            failed |= result.Outcome != WriteOutcome.Ok;
        }

        _seenVersion = failed || moved > 0 ? -1 : version;
        _nextEdge = data.Maintenances.Select(m => m.NextEdge).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
        return moved;
    }

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Maintenance {MaintenanceId} moved to {Status} at its window's edge")]
    private static partial void LogMoved(ILogger logger, string maintenanceId, string status);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Moving maintenance windows across their edges failed; retrying at the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
