using Pharos.Storage;

namespace Pharos.Failover;

/// <summary>
/// Moves each policy's names for the maintenance windows that name it: to the standby when a window is in progress,
/// back when it has ended. Runs where the controller runs, and compares the windows with the policies' states every
/// second, so a window that opened while no node led, or a leader that died in the middle, is caught up on the next
/// tick. Windows are advanced in memory as the page does, so the move does not wait for the clock's write.
/// </summary>
internal sealed partial class MaintenanceMoves(FailoverController controller, IStatusStore reads, TimeProvider time, ILogger<MaintenanceMoves> logger) : BackgroundService
{
    /// <summary>How often windows and states are compared.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private long _seenVersion = -1;
    private DateTimeOffset _nextEdge = DateTimeOffset.MinValue;
    private bool _pending = true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A node that leads again starts with fresh runners: compare everything once.
        _pending = true;
        using var timer = new PeriodicTimer(Tick, time);
        do
        {
            try
            {
                await AlignAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _pending = true;
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Asks every policy whose windows and state disagree to move; returns how many were asked.</summary>
    public async Task<int> AlignAsync(CancellationToken ct)
    {
        if (!controller.IsRunning)
        {
            _pending = true;
            return 0;
        }

        var now = time.GetUtcNow();
        var version = await reads.GetDataVersionAsync(ct).ConfigureAwait(false);
        if (!_pending && version == _seenVersion && now < _nextEdge)
        {
            return 0;
        }

        var data = await reads.LoadAsync(now - TimeSpan.FromDays(1), ct).ConfigureAwait(false);
        var windows = data.Maintenances.Where(m => m.FailoverPolicy is not null).Select(m => m.Advance(now)).ToList();
        var active = windows.Where(m => m.IsActive)
            .GroupBy(m => m.FailoverPolicy!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(m => m.StartedAt ?? m.ScheduledFor).ThenBy(m => m.Id, StringComparer.Ordinal).First(), StringComparer.Ordinal);

        var asked = 0;
        var pending = false;
        foreach (var policy in controller.Policies)
        {
            if (controller.RunnerOf(policy.Id) is not { State: { } state } runner)
            {
                continue;
            }

            var window = active.GetValueOrDefault(policy.Id);
            if (window?.Id == state.MaintenanceId)
            {
                continue;
            }

            asked++;
            var refused = await runner.MaintenanceAsync(window?.Id, window?.Name, ct).ConfigureAwait(false);
            if (refused is not null)
            {
                // Asked again next tick: the move happens as soon as the standby is ready or the pin is lifted.
                pending = true;
                LogRefused(logger, policy.Id, window!.Id, refused);
            }
            else
            {
                LogAligned(logger, policy.Id, window?.Id ?? "(none)");
            }
        }

        _pending = pending;
        _seenVersion = version;
        _nextEdge = windows.Select(m => m.NextEdge).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
        return asked;
    }

    [LoggerMessage(EventId = 9940, Level = LogLevel.Information, Message = "Failover policy {Policy}: aligned with maintenance window {Window}")]
    private static partial void LogAligned(ILogger logger, string policy, string window);

    [LoggerMessage(EventId = 9941, Level = LogLevel.Warning, Message = "Failover policy {Policy}: maintenance window {Window} moves nothing yet: {Reason}")]
    private static partial void LogRefused(ILogger logger, string policy, string window, string reason);

    [LoggerMessage(EventId = 9942, Level = LogLevel.Warning, Message = "Aligning failover policies with maintenance windows failed; retrying at the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
