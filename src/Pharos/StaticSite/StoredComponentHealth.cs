using Pharos.Domain;
using Pharos.Monitoring.State;
using Pharos.Monitoring.Storage;

namespace Pharos.StaticSite;

/// <summary>
/// What the checks say about components, read from the component log the monitoring node writes, for an exporter
/// that runs in its own process and so cannot see the checks' live state.
/// </summary>
public sealed class StoredComponentHealth(IMonitorStore store, TimeProvider time) : IComponentHealthSource
{
    private volatile IReadOnlyDictionary<string, ComponentStatus> _statuses = new Dictionary<string, ComponentStatus>();
    private long _version;
    private string _fingerprint = "";

    public long Version => Interlocked.Read(ref _version);

    public IReadOnlyDictionary<string, ComponentStatus> Statuses => _statuses;

    /// <summary>Reads each component's latest logged status; Version moves when any of them changed.</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        // Asked for changes from a moment ahead, the log gives just the latest entry of each component.
        var latest = await store.GetComponentLogAsync(time.GetUtcNow().AddMinutes(1), ct).ConfigureAwait(false);
        var statuses = latest.GroupBy(c => c.ComponentId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.MaxBy(c => c.At)!.Status, StringComparer.Ordinal);
        var fingerprint = string.Join(';', statuses.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        if (fingerprint != _fingerprint)
        {
            _fingerprint = fingerprint;
            _statuses = statuses;
            Interlocked.Increment(ref _version);
        }
    }
}
