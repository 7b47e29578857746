using Pharos.Domain;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Results;
using Pharos.Monitoring.State;
using Pharos.Monitoring.Storage;

namespace Pharos.Monitoring;

/// <summary>Before any check runs: restores check states, component health and heartbeat times saved before a restart.</summary>
public sealed class MonitorStartup(IMonitorStore store, CheckTracker tracker, HeartbeatRegistry heartbeats, ResultWriter writer, CheckCatalog checks, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var states = await store.LoadCheckStatesAsync(cancellationToken).ConfigureAwait(false);
        var components = await store.LoadComponentHealthAsync(cancellationToken).ConfigureAwait(false);
        tracker.Restore(states, components);
        foreach (var s in states)
        {
            if (s.LastPingAt is { } at)
            {
                heartbeats.Restore(s.CheckId, at, s.LastPingFailed);
            }
        }

        // A component's history starts when it is first monitored: before that its bar says "no data".
        var known = components.Select(c => c.ComponentId).ToHashSet(StringComparer.Ordinal);
        foreach (var id in checks.ByComponent.Keys.Where(id => !known.Contains(id)))
        {
            await writer.EnqueueAsync(new ComponentHealthChange(id, time.GetUtcNow(), ComponentStatus.Operational), cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
