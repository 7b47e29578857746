using System.Collections.Frozen;

namespace Pharos.Monitoring.Checks;

/// <summary>
/// What monitoring needs of pharos.yaml besides its `monitoring:` settings: the checks (hostnames expanded) and the
/// ids of the components they may name. Registered once, so no monitoring class needs the whole config.
/// </summary>
public sealed class CheckCatalog
{
    private readonly FrozenDictionary<string, CheckConfig> _byId;
    private readonly FrozenSet<string> _components;

    public CheckCatalog(IReadOnlyList<CheckConfig> checks, IEnumerable<string> componentIds)
    {
        All = checks;
        _byId = checks.ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);
        _components = componentIds.ToFrozenSet(StringComparer.Ordinal);
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

    /// <summary>Every check, in config order.</summary>
    public IReadOnlyList<CheckConfig> All { get; }

    public CheckConfig? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Whether the config defines this component (it may have no checks).</summary>
    public bool HasComponent(string id) => _components.Contains(id);

    /// <summary>The ids of the checks that drive each component, for the components that have any.</summary>
    public FrozenDictionary<string, string[]> ByComponent { get; }
}
