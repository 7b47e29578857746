using System.Collections.Concurrent;
using Pharos.Monitoring.Alerts;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Locations;
using Pharos.Monitoring.Metrics;
using Pharos.Monitoring.Results;
using Pharos.Monitoring.State;

namespace Pharos.Monitoring.Scheduling;

/// <summary>
/// Where every result goes: metrics, the state machine, and the writer's queue (with any state changes). Results other
/// nodes wrote come in through <see cref="FollowAsync"/>; every node applies every result, and writes a state change
/// only for what it owns (<see cref="ICheckOwnership"/>).
/// </summary>
public sealed class MonitorPipeline(
    CheckTracker tracker,
    ResultWriter writer,
    MonitorMetrics metrics,
    IEnumerable<ICheckResultListener> listeners,
    CheckEvents events,
    LocationResults? locations = null,
    LocationEvents? locationEvents = null,
    ICheckOwnership? ownership = null) : IResultSink
{
    private readonly ICheckResultListener[] _listeners = listeners.ToArray();
    private readonly ICheckOwnership _ownership = ownership ?? SoleOwnership.Instance;

    // Certificates already handed to the writer in this process; the database decides across restarts (OnceEvent).
    private readonly ConcurrentDictionary<string, bool> _certificates = new(StringComparer.Ordinal);
    private long _recorded;

    /// <summary>Results recorded since start.</summary>
    public long Recorded => Interlocked.Read(ref _recorded);

    public Task<CheckResult> RecordAsync(CheckConfig check, ProbeResult probe, DateTimeOffset at, CancellationToken ct) =>
        RecordAsync(check, null, probe, at, ct);

    /// <summary>A run at <paramref name="location"/> (a probe's; null for this server's own), taken as any other.</summary>
    public async Task<CheckResult> RecordAsync(CheckConfig check, string? location, ProbeResult probe, DateTimeOffset at, CancellationToken ct)
    {
        metrics.Ran(check.Type, probe.Outcome, probe.Latency);
        var result = new CheckResult(check.Id, check.ComponentId, at, probe.Outcome, probe.Latency.TotalMilliseconds, probe.Message) { Location = location };
        await writer.EnqueueAsync(result, ct).ConfigureAwait(false);
        await ApplyAsync(check, result, ct).ConfigureAwait(false);
        if (probe.ExpiringCertificate is { } cert && _certificates.TryAdd(cert.Thumbprint, true))
        {
            await writer.EnqueueAsync(new OnceEvent(events.CertificateExpiring(check, cert, at)), ct).ConfigureAwait(false);
        }

        Interlocked.Increment(ref _recorded);
        return result;
    }

    /// <summary>A result another node wrote: applied as this node's own, and not written again.</summary>
    public Task FollowAsync(CheckConfig check, CheckResult result, CancellationToken ct) => ApplyAsync(check, result, ct);

    private async Task ApplyAsync(CheckConfig check, CheckResult result, CancellationToken ct)
    {
        // Impairment first: the quorum and the failover listener below must already set an impaired location aside.
        if (locations?.Apply(result) is { } impairment && locationEvents is not null && _ownership.RaisesLocationEvents)
        {
            await locationEvents.RaiseAsync(impairment, ct).ConfigureAwait(false);
        }

        foreach (var listener in _listeners)
        {
            listener.OnResult(result);
        }

        var (state, component) = tracker.Apply(result);
        if (state is not null && _ownership.Owns(check.Id))
        {
            await writer.EnqueueAsync(state with { Event = events.For(check, state) }, ct).ConfigureAwait(false);
        }

        if (component is not null && _ownership.OwnsComponent(component.ComponentId))
        {
            await writer.EnqueueAsync(component, ct).ConfigureAwait(false);
        }
    }

    Task IResultSink.RecordAsync(CheckConfig check, ProbeResult probe, DateTimeOffset at, CancellationToken ct) => RecordAsync(check, probe, at, ct);
}
