using Pharos.Cluster;
using Pharos.Failover;

namespace Pharos.FailoverSite;

/// <summary>
/// Whether the soft-failover proxy forwards: while the policy wants the primary. On the leading node the answer is
/// the controller's own state, read at each request, so the decision shows at the very next request; on another node
/// it is the stored state, read every <see cref="FollowerPoll"/> (one row by its key), not the admin's 1-s follow.
/// </summary>
public sealed partial class ProxyGate(ProxyConfig config, IFailoverStatus status, IFailoverStore store, ILeadership leadership, TimeProvider time, ILogger<ProxyGate> logger)
    : BackgroundService
{
    /// <summary>How often a node that does not lead reads the policy's stored state: well inside the 1-s budget.</summary>
    public static readonly TimeSpan FollowerPoll = TimeSpan.FromMilliseconds(200);

    private volatile PolicyState? _stored;

    /// <summary>True while the policy wants the primary (or nothing is known yet: Pharos not knowing takes no site down).</summary>
    public bool Forwards => StateNow() is not { } state || state.WantedSide == FailoverSide.Primary;

    /// <summary>The policy's state as this node knows it best right now.</summary>
    public PolicyState? StateNow() => (leadership.Current is not null ? status.StateOf(config.Policy) : null) ?? _stored;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var forwarding = true;
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (leadership.Current is null)
                {
                    _stored = await store.LoadStateAsync(config.Policy, stoppingToken).ConfigureAwait(false) ?? _stored;
                }

                failing = false;
                if (Forwards != forwarding)
                {
                    forwarding = !forwarding;
                    LogSwitched(logger, config.Policy, forwarding ? "forwarding to " + config.Upstream : "serving the maintenance page", StateNow()?.State.ToString() ?? "unknown");
                }

                await Task.Delay(FollowerPoll, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The database is away: the last state read keeps deciding; logged once per stretch, not five times a second.
                if (!failing)
                {
                    LogReadFailed(logger, e, config.Policy);
                    failing = true;
                }

                await Task.Delay(FollowerPoll, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 9980, Level = LogLevel.Warning, Message = "Soft failover for policy {Policy}: now {Mode} (state {State})")]
    private static partial void LogSwitched(ILogger logger, string policy, string mode, string state);

    [LoggerMessage(EventId = 9981, Level = LogLevel.Warning, Message = "Soft failover for policy {Policy}: could not read the stored state; the last one read decides")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string policy);
}
