using System.Collections.Frozen;
using Pharos.Monitoring.Checks;

namespace Pharos.Monitoring.Locations;

/// <summary>
/// Which locations run which checks, and how many must agree: a check without `locations` runs here only, with a
/// quorum of one, exactly as before probes existed; a canary runs from every location any check names. Follows the
/// catalog when a hostnames file adds or removes checks.
/// </summary>
public sealed class LocationPlan
{
    private readonly CheckCatalog _catalog;
    private readonly object _gate = new();
    private Derived _derived;
    private CheckCatalog? _own;

    public LocationPlan(MonitoringConfig config, CheckCatalog catalog)
    {
        Own = config.Location;
        Canaries = config.Canaries.ToFrozenSet(StringComparer.Ordinal);
        Config = config;
        _catalog = catalog;
        _derived = new Derived(this, catalog.All, catalog.Version);
        catalog.Changed += OnCatalogChanged;
    }

    /// <summary>This server's own location (monitoring.location).</summary>
    public string Own { get; }

    /// <summary>Every location some check runs from, this server's included.</summary>
    public IReadOnlyList<string> All => Current.Everywhere;

    /// <summary>Ids (as written, before hostname expansion) of the canary checks.</summary>
    public IReadOnlySet<string> Canaries { get; }

    public MonitoringConfig Config { get; }

    /// <summary>The catalog version this plan follows: changes when a hostnames file added or removed checks.</summary>
    public long Version => Current.Version;

    private Derived Current
    {
        get
        {
            var d = Volatile.Read(ref _derived);
            if (d.Version == _catalog.Version)
            {
                return d;
            }

            // Read before the catalog's Changed reached this plan: derive it now rather than answer from the old checks.
            d = new Derived(this, _catalog.All, _catalog.Version);
            Volatile.Write(ref _derived, d);
            return d;
        }
    }

    public IReadOnlyList<string> LocationsOf(string checkId) => Current.Locations.TryGetValue(checkId, out var l) ? l : [Own];

    public bool IsCanary(string checkId) => Current.Checks.TryGetValue(checkId, out var c) && Canaries.Contains(c.BaseId);

    /// <summary>Whether the check runs from more than this server alone, so that its state is a quorum of locations.</summary>
    public bool IsMultiLocation(string checkId) => LocationsOf(checkId) is not [var only] || only != Own;

    public bool RunsAt(string checkId, string location) => LocationsOf(checkId).Contains(location, StringComparer.Ordinal);

    /// <summary>The checks one location runs: what a probe fetches.</summary>
    public IEnumerable<CheckConfig> ChecksAt(string location)
    {
        var d = Current;
        return d.Ordered.Where(c => d.Locations[c.Id].Contains(location, StringComparer.Ordinal));
    }

    /// <summary>What this server's own scheduler runs: the checks of its location only (probes run the rest), kept current.</summary>
    public CheckCatalog OwnCatalog()
    {
        lock (_gate)
        {
            return _own ??= new CheckCatalog(ChecksAt(Own).ToList(), []);
        }
    }

    public TimeSpan WindowOf(string checkId) => Current.Checks.TryGetValue(checkId, out var c) ? Config.WindowOf(c) : Config.QuorumWindow ?? TimeSpan.FromMinutes(2);

    public int QuorumOf(string checkId) => Current.Checks.TryGetValue(checkId, out var c) ? c.Quorum : 1;

    private void OnCatalogChanged()
    {
        CheckCatalog? own;
        lock (_gate)
        {
            own = _own;
        }

        own?.Replace(ChecksAt(Own).ToList());
    }

    /// <summary>The plan derived from one version of the catalog.</summary>
    private sealed class Derived
    {
        public Derived(LocationPlan plan, IReadOnlyList<CheckConfig> checks, long version)
        {
            Version = version;
            Ordered = checks;
            Checks = checks.ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);
            var everywhere = checks.SelectMany(c => c.Locations).Append(plan.Own).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            Locations = checks.ToFrozenDictionary(
                c => c.Id,
                c => plan.Canaries.Contains(c.BaseId) ? everywhere : c.Locations.Count == 0 ? [plan.Own] : c.Locations.ToArray(),
                StringComparer.Ordinal);
            Everywhere = everywhere;
        }

        public long Version { get; }

        public IReadOnlyList<CheckConfig> Ordered { get; }

        public FrozenDictionary<string, CheckConfig> Checks { get; }

        public FrozenDictionary<string, string[]> Locations { get; }

        public string[] Everywhere { get; }
    }
}
