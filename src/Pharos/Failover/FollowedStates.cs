using System.Collections.Concurrent;
using Pharos.Cluster;

namespace Pharos.Failover;

/// <summary>
/// On a node that does not lead, the policies' states as the leader last stored them, read every second, so that this
/// node's admin, API and page show where traffic is without running a controller.
/// </summary>
internal sealed partial class FollowedStates(FailoverConfig config, IFailoverStore store, ILeadership leadership, TimeProvider time, ILogger<FollowedStates> logger) : BackgroundService
{
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, PolicyState> _states = new(StringComparer.Ordinal);

    public PolicyState? StateOf(string policyId) => _states.GetValueOrDefault(policyId);

    public async Task RefreshAsync(CancellationToken ct)
    {
        foreach (var policy in config.Policies)
        {
            if (await store.LoadStateAsync(policy.Id, ct).ConfigureAwait(false) is { } state)
            {
                _states[policy.Id] = state;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (leadership.Current is null)
                {
                    await RefreshAsync(stoppingToken).ConfigureAwait(false);
                }

                await Task.Delay(Poll, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The database is away: the last states read stay shown.
                LogRefreshFailed(logger, e);
                await Task.Delay(Poll, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 9740, Level = LogLevel.Warning, Message = "Could not read the failover states the leader stored")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
