using System.Collections.Frozen;

namespace Pharos.Monitoring.Checks;

/// <summary>
/// What monitoring needs of pharos.yaml besides its `monitoring:` settings: the checks (hostnames expanded) and the
/// ids of the components they may name. Registered once, so no monitoring class needs the whole config. The checks
/// change only when a `hostnames_file` does (<see cref="Replace"/>); each read sees one whole version.
/// </summary>
public sealed class CheckCatalog
{
    private readonly FrozenSet<string> _components;
    private readonly object _gate = new();
    private Snapshot _current;

    public CheckCatalog(IReadOnlyList<CheckConfig> checks, IEnumerable<string> componentIds)
    {
        _components = componentIds.ToFrozenSet(StringComparer.Ordinal);
        _current = new Snapshot(checks, 0);
    }

    /// <summary>Raised, on the thread that called <see cref="Replace"/>, after the checks changed.</summary>
    public event Action? Changed;

    /// <summary>Every check, in config order.</summary>
    public IReadOnlyList<CheckConfig> All => Volatile.Read(ref _current).All;

    /// <summary>Counts the replacements, so that what is derived from the checks can tell it is out of date.</summary>
    public long Version => Volatile.Read(ref _current).Version;

    /// <summary>The ids of the checks that drive each component, for the components that have any.</summary>
    public FrozenDictionary<string, string[]> ByComponent => Volatile.Read(ref _current).ByComponent;

    public CheckConfig? Find(string id) => Volatile.Read(ref _current).ById.GetValueOrDefault(id);

    /// <summary>Whether the config defines this component (it may have no checks).</summary>
    public bool HasComponent(string id) => _components.Contains(id);

    /// <summary>Makes these the checks (a hostnames file changed) and tells those that follow the catalog.</summary>
    public void Replace(IReadOnlyList<CheckConfig> checks)
    {
        lock (_gate)
        {
            Volatile.Write(ref _current, new Snapshot(checks, _current.Version + 1));
        }

        Changed?.Invoke();
    }

    /// <summary>One version of the checks with its indexes, swapped as a whole.</summary>
    private sealed class Snapshot
    {
        public Snapshot(IReadOnlyList<CheckConfig> checks, long version)
        {
            All = checks;
            Version = version;
            ById = checks.ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);
            var byComponent = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var c in checks)
            {
                if (c.ComponentId is { } component)
                {
                    (byComponent.TryGetValue(component, out var ids) ? ids : byComponent[component] = []).Add(c.Id);
                }
            }

            ByComponent = byComponent.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        }

        public IReadOnlyList<CheckConfig> All { get; }

        public long Version { get; }

        public FrozenDictionary<string, CheckConfig> ById { get; }

        public FrozenDictionary<string, string[]> ByComponent { get; }
    }
}
