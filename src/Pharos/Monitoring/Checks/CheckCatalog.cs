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
    }

    /// <summary>Every check, in config order.</summary>
    public IReadOnlyList<CheckConfig> All { get; }

    public CheckConfig? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Whether the config defines this component (it may have no checks).</summary>
    public bool HasComponent(string id) => _components.Contains(id);

    /// <summary>The components that at least one check drives.</summary>
    public IEnumerable<string> MonitoredComponents => All.Select(c => c.ComponentId).OfType<string>().Distinct(StringComparer.Ordinal);
}
