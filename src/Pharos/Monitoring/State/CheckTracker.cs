using System.Collections.Frozen;
using Pharos.Domain;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Locations;
using Pharos.Monitoring.Results;
using Pharos.Monitoring.Storage;

namespace Pharos.Monitoring.State;

/// <summary>
/// Holds every check's state and every component's check-derived status. Results go in; state changes and
/// component status changes come out, to be persisted and acted upon. A check run from several locations keeps one
/// state per location (each with its own hysteresis) and takes its own state from them by <see cref="QuorumRule"/>;
/// a check run here only is its one location's state, exactly as before probes existed.
/// </summary>
public sealed class CheckTracker : IComponentHealthSource
{
    private readonly CheckCatalog _catalog;
    private readonly TimeProvider _time;

    // The catalog's checks as this tracker last took them in; replaced, under the lock, when a hostnames file changed.
    private FrozenDictionary<string, CheckConfig> _checks;
    private FrozenDictionary<string, string[]> _checksByComponent;
    private readonly Dictionary<string, CheckState> _states = new(StringComparer.Ordinal);

    // Per-location states of checks run from several locations, by check id then location.
    private readonly Dictionary<string, Dictionary<string, CheckState>> _byLocation = new(StringComparer.Ordinal);
    private readonly LocationPlan? _plan;
    private readonly LocationResults? _locations;
    private readonly Dictionary<string, ComponentStatus> _componentStatus = new(StringComparer.Ordinal);

    // Each component's checks counted by health, kept as states change, so that a change costs the same whether a
    // component has 5 checks or 5,000 (recounting them made the first pass of 50,000 checks quadratic).
    private readonly Dictionary<string, HealthTally> _tallies = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private IReadOnlyDictionary<string, ComponentStatus> _published;
    private long _version;

    public CheckTracker(CheckCatalog checks, LocationPlan? plan = null, LocationResults? locations = null, TimeProvider? time = null)
    {
        _catalog = checks;
        _time = time ?? TimeProvider.System;
        _plan = plan;
        _locations = locations;
        _checks = checks.All.ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);
        _checksByComponent = checks.ByComponent;
        foreach (var c in checks.All)
        {
            _states[c.Id] = CheckState.Initial;
        }

        foreach (var (component, ids) in _checksByComponent)
        {
            _componentStatus[component] = ComponentStatus.Operational;
            _tallies[component] = new HealthTally(ids.Length);
        }

        _published = _componentStatus.ToFrozenDictionary(StringComparer.Ordinal);
        checks.Changed += Sync;
    }

    public long Version => Interlocked.Read(ref _version);

    public IReadOnlyDictionary<string, ComponentStatus> Statuses => Volatile.Read(ref _published);

    /// <summary>Raised (outside the lock) after a component's check-derived status changed.</summary>
    public event Action<ComponentHealthChange>? ComponentChanged;

    public CheckState StateOf(string checkId)
    {
        lock (_gate)
        {
            return _states.TryGetValue(checkId, out var s) ? s : CheckState.Initial;
        }
    }

    public IReadOnlyList<string> ChecksOf(string componentId) => Volatile.Read(ref _checksByComponent).TryGetValue(componentId, out var ids) ? ids : [];

    /// <summary>Restores states saved before a restart so that a down check stays down without re-alerting.</summary>
    public void Restore(IEnumerable<StoredCheckState> states, IEnumerable<StoredComponentHealth> components)
    {
        lock (_gate)
        {
            foreach (var s in states.Where(s => _states.ContainsKey(s.CheckId) && s.Health != CheckHealth.Pending))
            {
                var check = _checks[s.CheckId];
                if (check.ComponentId is { } component && _tallies.TryGetValue(component, out var tally))
                {
                    tally.Move(_states[s.CheckId].Health, s.Health);
                }

                _states[s.CheckId] = CheckState.Initial with { Health = s.Health, Since = s.Since, LastMessage = s.Message };
            }

            foreach (var c in components.Where(c => _componentStatus.ContainsKey(c.ComponentId)))
            {
                _componentStatus[c.ComponentId] = c.Status;
            }

            Publish();
        }
    }

    /// <summary>Applies a result; returns the state change and component change it caused, if any.</summary>
    public (CheckStateChange? State, ComponentHealthChange? Component) Apply(CheckResult result)
    {
        CheckStateChange? stateChange = null;
        ComponentHealthChange? componentChange = null;
        lock (_gate)
        {
            if (!_checks.TryGetValue(result.CheckId, out var check))
            {
                // A check removed from a hostnames file may still post a result from a run in flight.
                return (null, null);
            }

            var before = _states[check.Id];
            var after = _plan is not null && _plan.IsMultiLocation(check.Id)
                ? ApplyAtLocation(check, before, result)
                : before.Apply(result.Outcome, result.At, result.Message, check.FailAfter, check.RecoverAfter);
            _states[check.Id] = after;
            if (after.Health != before.Health)
            {
                stateChange = new CheckStateChange(check.Id, after.Health, result.At, result.Message) { Previous = before.Health };
                if (check.ComponentId is { } component && _tallies.TryGetValue(component, out var tally))
                {
                    tally.Move(before.Health, after.Health);
                    var status = tally.Status;
                    if (status != _componentStatus[component])
                    {
                        _componentStatus[component] = status;
                        componentChange = new ComponentHealthChange(component, result.At, status);
                        Publish();
                    }
                }
            }
        }

        if (componentChange is not null)
        {
            ComponentChanged?.Invoke(componentChange);
        }

        return (stateChange, componentChange);
    }

    /// <summary>Each location's own state of a check run from several locations; empty for a check run here only.</summary>
    public IReadOnlyDictionary<string, CheckState> StatesByLocation(string checkId)
    {
        lock (_gate)
        {
            return _byLocation.TryGetValue(checkId, out var m) ? new Dictionary<string, CheckState>(m, StringComparer.Ordinal) : new Dictionary<string, CheckState>();
        }
    }

    /// <summary>Moves the result's location by its own hysteresis, then the check by the quorum of its locations.</summary>
    private CheckState ApplyAtLocation(CheckConfig check, CheckState before, CheckResult result)
    {
        var location = result.Location ?? _plan!.Own;
        if (!_byLocation.TryGetValue(check.Id, out var states))
        {
            _byLocation[check.Id] = states = new Dictionary<string, CheckState>(StringComparer.Ordinal);
        }

        var previous = states.GetValueOrDefault(location) ?? CheckState.Initial;
        if (previous.LastResultAt > result.At)
        {
            // A replayed result older than what the location said since: history, not evidence.
            return before;
        }

        states[location] = previous.Apply(result.Outcome, result.At, result.Message, check.FailAfter, check.RecoverAfter);
        var impaired = _locations?.Impaired ?? (IReadOnlySet<string>)FrozenSet<string>.Empty;
        var health = QuorumRule.Combine(states.Select(kv => new LocationVote(kv.Key, kv.Value)), check.Quorum, _plan!.WindowOf(check.Id), impaired, before.Health);
        // The message of a failing location is kept while the check is not up, so texts say what failed and where.
        var message = result.Message is null ? null : $"{location}: {result.Message}";
        var next = before with { LastResultAt = result.At, LastMessage = result.Outcome == CheckOutcome.Up && health != CheckHealth.Up ? before.LastMessage : message };
        return health == before.Health ? next : next with { Health = health, Since = result.At };
    }

    /// <summary>A component's checks that are down, each with its last message, for incident texts.</summary>
    public IReadOnlyList<(CheckConfig Check, string? LastMessage)> Failing(string componentId)
    {
        lock (_gate)
        {
            return ChecksOf(componentId).Where(id => _states.TryGetValue(id, out var s) && s.Health == CheckHealth.Down)
                .Select(id => (_checks[id], _states[id].LastMessage)).ToList();
        }
    }

    /// <summary>
    /// Takes in the catalog's new checks (a hostnames file changed): new ones start pending, removed ones are
    /// forgotten, and a component whose status changes by a removal (its one down check gone) says so.
    /// </summary>
    private void Sync()
    {
        var changes = new List<ComponentHealthChange>();
        lock (_gate)
        {
            var checks = _catalog.All.ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);
            foreach (var gone in _states.Keys.Where(id => !checks.ContainsKey(id)).ToList())
            {
                _states.Remove(gone);
                _byLocation.Remove(gone);
            }

            foreach (var id in checks.Keys.Where(id => !_states.ContainsKey(id)))
            {
                _states[id] = CheckState.Initial;
            }

            _checks = checks;
            var previous = _checksByComponent;
            Volatile.Write(ref _checksByComponent, _catalog.ByComponent);
            _tallies.Clear();
            foreach (var (component, ids) in _checksByComponent)
            {
                var tally = new HealthTally(ids.Length);
                foreach (var id in ids)
                {
                    tally.Move(CheckHealth.Pending, _states[id].Health);
                }

                _tallies[component] = tally;
                // Only a component whose checks changed is judged again; the others keep what they had (restored or not).
                if (!previous.TryGetValue(component, out var before) || !before.SequenceEqual(ids, StringComparer.Ordinal))
                {
                    Judge(component, tally.Status, changes);
                }
            }

            foreach (var component in previous.Keys.Where(c => !_checksByComponent.ContainsKey(c)))
            {
                Judge(component, ComponentStatus.Operational, changes);
            }

            Publish();
        }

        foreach (var change in changes)
        {
            ComponentChanged?.Invoke(change);
        }
    }

    private void Judge(string component, ComponentStatus status, List<ComponentHealthChange> changes)
    {
        if (_componentStatus.GetValueOrDefault(component, ComponentStatus.Operational) != status)
        {
            changes.Add(new ComponentHealthChange(component, _time.GetUtcNow(), status));
        }

        _componentStatus[component] = status;
    }

    private void Publish()
    {
        Volatile.Write(ref _published, _componentStatus.ToFrozenDictionary(StringComparer.Ordinal));
        Interlocked.Increment(ref _version);
    }
}
