using System.Collections.Frozen;
using Pharos.Monitoring.Checks;

namespace Pharos.Monitoring.Locations;

/// <summary>
/// Which locations run which checks, and how many must agree: a check without `locations` runs here only, with a
/// quorum of one, exactly as before probes existed; a canary runs from every location any check names.
/// </summary>
public sealed class LocationPlan
{
    private readonly FrozenDictionary<string, string[]> _locations;
    private readonly FrozenDictionary<string, CheckConfig> _checks;
    private readonly IReadOnlyList<CheckConfig> _ordered;

    public LocationPlan(MonitoringConfig config, CheckCatalog catalog)
    {
        Own = config.Location;
        Canaries = config.Canaries.ToFrozenSet(StringComparer.Ordinal);
        _checks = catalog.All.ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);
        _ordered = catalog.All;
        var everywhere = catalog.All.SelectMany(c => c.Locations).Append(Own).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        _locations = catalog.All.ToFrozenDictionary(
            c => c.Id,
            c => Canaries.Contains(c.BaseId) ? everywhere : c.Locations.Count == 0 ? [Own] : c.Locations.ToArray(),
            StringComparer.Ordinal);
        All = everywhere;
        Config = config;
    }

    /// <summary>This server's own location (monitoring.location).</summary>
    public string Own { get; }

    /// <summary>Every location some check runs from, this server's included.</summary>
    public IReadOnlyList<string> All { get; }

    /// <summary>Ids (as written, before hostname expansion) of the canary checks.</summary>
    public IReadOnlySet<string> Canaries { get; }

    public MonitoringConfig Config { get; }

    public IReadOnlyList<string> LocationsOf(string checkId) => _locations.TryGetValue(checkId, out var l) ? l : [Own];

    public bool IsCanary(string checkId) => _checks.TryGetValue(checkId, out var c) && Canaries.Contains(c.BaseId);

    /// <summary>Whether the check runs from more than this server alone, so that its state is a quorum of locations.</summary>
    public bool IsMultiLocation(string checkId) => LocationsOf(checkId) is not [var only] || only != Own;

    public bool RunsAt(string checkId, string location) => LocationsOf(checkId).Contains(location, StringComparer.Ordinal);

    /// <summary>The checks one location runs: what a probe fetches.</summary>
    public IEnumerable<CheckConfig> ChecksAt(string location) => _ordered.Where(c => RunsAt(c.Id, location));

    /// <summary>What this server's own scheduler runs: the checks of its location only; probes run the rest.</summary>
    public CheckCatalog OwnCatalog() => new(ChecksAt(Own).ToList(), []);

    public TimeSpan WindowOf(string checkId) => _checks.TryGetValue(checkId, out var c) ? Config.WindowOf(c) : Config.QuorumWindow ?? TimeSpan.FromMinutes(2);

    public int QuorumOf(string checkId) => _checks.TryGetValue(checkId, out var c) ? c.Quorum : 1;
}
