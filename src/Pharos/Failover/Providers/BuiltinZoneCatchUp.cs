namespace Pharos.Failover.Providers;

/// <summary>
/// Runs first among a new leader's services: the node stopped following when it took the lead, and may not yet serve
/// the zone the last leader published (it polls every 250 ms; a takeover can be quicker). It catches up once, so that
/// its controller publishes on top of that zone and never reuses a serial for other records.
/// </summary>
public sealed partial class BuiltinZoneCatchUp(BuiltinZoneFollower follower, ILogger<BuiltinZoneCatchUp> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var changed = await follower.FollowAsync(cancellationToken).ConfigureAwait(false);
            if (changed > 0)
            {
                LogCaughtUp(logger, changed);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The term goes on: the controller's own reads fail the same way and retry, and stopping the gate here
            // would leave the cluster without a leader.
            LogCatchUpFailed(logger, e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 9800, Level = LogLevel.Information, Message = "New leader: {Zones} built-in zone(s) caught up with what the last leader published")]
    private static partial void LogCaughtUp(ILogger logger, int zones);

    [LoggerMessage(EventId = 9801, Level = LogLevel.Error, Message = "New leader: could not read the zones the last leader published; serving its own")]
    private static partial void LogCatchUpFailed(ILogger logger, Exception exception);
}
