using Pharos.Failover.Commands;

namespace Pharos.Failover;

/// <summary>The outcome of feeding the machine: the new state and, when it moved, the transition to record.</summary>
public sealed record FailoverDecision(PolicyState State, FailoverTransition? Transition);

/// <summary>
/// The failover state machine of one policy, pure: results, ticks and commands in, state and transitions out.
/// Hysteresis lives here: a check is down only after fail_after failures in a row (and the `for` time when set),
/// up only after recover_after successes, and the names move back only after the primary has stayed up for the
/// hold time. Applying records is the controller's job; it reports back with Applied or ApplyFailed.
/// </summary>
public sealed class FailoverMachine(FailoverPolicy policy, TriggerLocations? locations = null)
{
    public const string System = "pharos";

    public FailoverPolicy Policy { get; } = policy;

    /// <summary>Where evidence comes from; the trigger's quorum counts locations.</summary>
    public TriggerLocations Locations { get; } = locations ?? TriggerLocations.Single;

    public PolicyState Initial(DateTimeOffset now) => new() { PolicyId = Policy.Id, Since = now };

    /// <summary>A trigger check reported a result from this server's own location.</summary>
    public FailoverDecision Observe(PolicyState s, string checkId, bool ok, DateTimeOffset at, string? detail = null) =>
        Observe(s, checkId, null, ok, at, detail, null);

    /// <summary>
    /// A trigger check reported a result from a location (null: this server's own), with the locations impaired at
    /// that moment (null: unchanged). A run older than what its location said since is history and moves nothing.
    /// </summary>
    public FailoverDecision Observe(PolicyState s, string checkId, string? location, bool ok, DateTimeOffset at, string? detail, IReadOnlySet<string>? impaired)
    {
        if (impaired is not null && !impaired.SetEquals(s.ImpairedLocations))
        {
            s = s with { ImpairedLocations = impaired.Order(StringComparer.Ordinal).ToList() };
        }

        var key = Locations.Key(checkId, location);
        if (!Policy.Watches(checkId) || s.Checks.GetValueOrDefault(key)?.LastAt > at)
        {
            return new(s, null);
        }

        var checks = new Dictionary<string, CheckRun>(s.Checks, StringComparer.Ordinal);
        checks[key] = (checks.GetValueOrDefault(key) ?? new CheckRun()).Observe(ok, at, detail);
        return Evaluate(s with { Checks = checks }, at);
    }

    /// <summary>Time passed: `for` durations, hold times and maintenance windows may have elapsed.</summary>
    public FailoverDecision Tick(PolicyState s, DateTimeOffset at) => Evaluate(s, at);

    /// <summary>The controller published <paramref name="side"/> and every nameserver agreed.</summary>
    public FailoverDecision Applied(PolicyState s, FailoverSide side, DateTimeOffset at, TimeSpan applyTook, TimeSpan consistentAfter)
    {
        var live = s with { LiveSide = side, LastError = null };
        return s.State switch
        {
            FailoverState.FailingOver when side == FailoverSide.Failover =>
                Move(live, FailoverState.FailedOver, at, "failover records published and consistent on every nameserver", System, applyTook, consistentAfter),
            FailoverState.FailingBack when side == FailoverSide.Primary =>
                Move(live with { HealthySince = null }, FailoverState.Primary, at, "primary records published and consistent on every nameserver", System, applyTook, consistentAfter),
            _ => new(live, null),
        };
    }

    /// <summary>Publishing failed; the state stays and the controller retries, with the error surfaced.</summary>
    public static FailoverDecision ApplyFailed(PolicyState s, string error) => new(s with { LastError = error }, null);

    /// <summary>An operator's command, read against the state it meets (pin keeps the side that is live then).</summary>
    /// <exception cref="FailoverRefusedException">To the failover side, without force, while the standby is not ready.</exception>
    public FailoverDecision Take(PolicyState s, FailoverCommandKind command, DateTimeOffset at, string actor, string reason, bool force = false) => command switch
    {
        FailoverCommandKind.ToFailover when StandbyProblem(s) is { } problem => force
            ? Pin(s, FailoverSide.Failover, at, actor, $"{reason} (forced: the standby is not ready: {problem})")
            : throw new FailoverRefusedException($"the standby is not ready ({problem}); move with force and a reason to go anyway"),
        FailoverCommandKind.ToFailover => Pin(s, FailoverSide.Failover, at, actor, reason),
        FailoverCommandKind.ToPrimary => Pin(s, FailoverSide.Primary, at, actor, reason),
        FailoverCommandKind.Pin => Pin(s, s.LiveSide, at, actor, reason),
        FailoverCommandKind.Resume => Resume(s, at, actor, reason),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, null),
    };

    /// <summary>An operator moves the names to one side and pins them there until Resume.</summary>
    public FailoverDecision Pin(PolicyState s, FailoverSide side, DateTimeOffset at, string actor, string reason) =>
        Move(s with { PinnedSide = side, MaintenanceUntil = null }, FailoverState.Pinned, at, $"pinned to {Name(side)}: {reason}", actor);

    /// <summary>
    /// A maintenance window naming the policy is in progress: the names move to the standby and stay there, whatever
    /// the checks say, until the window ends. A window already taken moves nothing again.
    /// </summary>
    /// <exception cref="FailoverRefusedException">While the standby is not ready, or an operator has pinned the policy.</exception>
    public FailoverDecision StartMaintenance(PolicyState s, string windowId, string name, DateTimeOffset at)
    {
        if (s.MaintenanceId == windowId)
        {
            return new(s, null);
        }

        if (s.State == FailoverState.Pinned)
        {
            throw new FailoverRefusedException($"the policy is pinned to the {Name(s.PinnedSide ?? s.LiveSide)} by an operator, so the maintenance window \"{name}\" moves nothing until it is resumed");
        }

        if (StandbyProblem(s) is { } problem)
        {
            throw new FailoverRefusedException($"the standby is not ready ({problem}), so the maintenance window \"{name}\" moves nothing until it is");
        }

        var pinned = s with { PinnedSide = FailoverSide.Failover, MaintenanceUntil = null, MaintenanceId = windowId, HealthySince = null, Refused = null };
        return s.State == FailoverState.Maintenance
            ? new(pinned, null)
            : Move(pinned, FailoverState.Maintenance, at, $"the maintenance window \"{name}\" started: the names move to the standby until it ends", System);
    }

    /// <summary>
    /// The window the policy moved for has ended: the names go back once the primary's checks pass; while they do
    /// not, the policy stays failed over and the automatic failback (or an operator) brings them back.
    /// </summary>
    public FailoverDecision EndMaintenance(PolicyState s, DateTimeOffset at)
    {
        if (s.MaintenanceId is null)
        {
            return new(s, null);
        }

        if (s.State != FailoverState.Maintenance)
        {
            // An operator took the policy over during the window: it stays as they left it.
            return new(s with { MaintenanceId = null }, null);
        }

        var released = s with { PinnedSide = null, MaintenanceUntil = null, MaintenanceId = null, HealthySince = null, Refused = null };
        var moved = s.LiveSide == FailoverSide.Primary
            ? Move(released, FailoverState.Primary, at, "the maintenance window ended before the names left the primary", System)
            : PrimaryUp(s)
                ? Move(released, FailoverState.FailingBack, at, "the maintenance window ended and the primary's checks pass: the names move back", System)
                : Move(released, FailoverState.FailedOver, at, "the maintenance window ended, but the primary's checks do not pass yet (" + Describe(s) + "): the names stay on the standby until it is healthy", System);
        var next = Evaluate(moved.State, at);
        return next.Transition is null ? moved : next;
    }

    /// <summary>Back to automatic, from whichever side is live.</summary>
    public FailoverDecision Resume(PolicyState s, DateTimeOffset at, string actor, string reason)
    {
        if (s.State is not (FailoverState.Pinned or FailoverState.Maintenance))
        {
            return new(s, null);
        }

        var to = s.LiveSide == FailoverSide.Primary ? FailoverState.Primary : FailoverState.FailedOver;
        // The window's id stays: a window still in progress does not take the policy back from the operator.
        var moved = Move(s with { PinnedSide = null, MaintenanceUntil = null, HealthySince = null, Refused = null }, to, at, $"automatic again: {reason}", actor);
        var next = Evaluate(moved.State, at);
        return next.Transition is null ? moved : next;
    }

    /// <summary>
    /// Whether the trigger says the primary is down now: a check is down when at least `quorum` of its counted
    /// locations have failed fail_after times in a row (and for the `for` time); impaired and silent locations are
    /// not counted, so a node that can reach nothing moves nothing.
    /// </summary>
    public bool PrimaryDown(PolicyState s, DateTimeOffset at)
    {
        bool Down(string id) => Locations.Counted(s, id).Count(run =>
            run.ConsecutiveFailures >= Policy.Trigger.FailAfter
            && (Policy.Trigger.For is null || at - run.FailingSince >= Policy.Trigger.For)) >= Policy.Trigger.Quorum;
        return Policy.Trigger.RequireAll ? Policy.Trigger.Checks.All(Down) : Policy.Trigger.Checks.Any(Down);
    }

    /// <summary>
    /// When time alone could next move the policy: the end of a `for` duration that enough failing runs are waiting
    /// on, or the end of the hold time; null when nothing waits on the clock. The controller wakes then, so a `for`
    /// of 3.5 s decides 3.5 s after the first failure, not at the next check.
    /// </summary>
    public DateTimeOffset? NextDue(PolicyState s)
    {
        DateTimeOffset? due = null;
        if (s.State == FailoverState.Primary && Policy.Trigger.For is { } wait)
        {
            foreach (var id in Policy.Trigger.Checks)
            {
                var ready = Locations.Counted(s, id).Where(run => run.ConsecutiveFailures >= Policy.Trigger.FailAfter && run.FailingSince is not null)
                    .Select(run => run.FailingSince!.Value + wait).Order().ToList();
                if (ready.Count >= Policy.Trigger.Quorum && ready[Policy.Trigger.Quorum - 1] is var at && (due is null || at < due))
                {
                    due = at;
                }
            }
        }

        if (s.State == FailoverState.Recovering && s.HealthySince is { } since && (due is null || since + Policy.Failback.Hold < due))
        {
            due = since + Policy.Failback.Hold;
        }

        return due;
    }

    /// <summary>
    /// Whether every trigger check is up again: some counted location has succeeded recover_after times in a row,
    /// and fewer than `quorum` counted locations have not.
    /// </summary>
    public bool PrimaryUp(PolicyState s) => Policy.Trigger.Checks.All(id =>
    {
        var counted = Locations.Counted(s, id);
        var recovered = counted.Count(run => run.ConsecutiveSuccesses >= Policy.Failback.RecoverAfter);
        return recovered > 0 && counted.Count - recovered < Policy.Trigger.Quorum;
    });

    /// <summary>
    /// Why the failover side is not ready, or null when it is (or the policy names no standby checks): a standby check
    /// that never ran, or whose last result failed at more counted locations than the quorum allows.
    /// </summary>
    public string? StandbyProblem(PolicyState s)
    {
        var problems = new List<string>();
        foreach (var id in Policy.StandbyChecks)
        {
            var counted = Locations.Counted(s, id).ToList();
            if (counted.Count == 0)
            {
                problems.Add($"{id}: no result yet");
            }
            else if (counted.Count(run => run.LastOk == true) < Math.Min(Policy.Trigger.Quorum, counted.Count))
            {
                var last = counted.FirstOrDefault(run => run.LastOk != true);
                problems.Add($"{id}: down{(last?.LastDetail is { } d ? $" ({d})" : "")}");
            }
        }

        return problems.Count == 0 ? null : string.Join(", ", problems);
    }

    private FailoverDecision Evaluate(PolicyState s, DateTimeOffset at)
    {
        switch (s.State)
        {
            case FailoverState.Primary when PrimaryDown(s, at) && StandbyProblem(s) is { } problem:
                // Moving customers to a standby that does not work turns an outage into a worse one: stay, say so once.
                return s.Refused is null
                    ? new(s with { Refused = $"primary down, standby not ready: the primary is down ({Describe(s)}), but the standby is not ({problem}); the names stay on the primary" }, null)
                    : new(s, null);
            case FailoverState.Primary when PrimaryDown(s, at):
                return Move(s with { Refused = null }, FailoverState.FailingOver, at, "the primary is down: " + Describe(s), System);
            case FailoverState.Primary when s.Refused is not null:
                return new(s with { Refused = null }, null);
            case FailoverState.FailedOver when Policy.Failback.Mode == FailbackMode.Automatic && PrimaryUp(s):
                return Move(s with { HealthySince = at }, FailoverState.Recovering, at, $"the primary is healthy again; failing back after {Policy.Failback.Hold} of health", System);
            case FailoverState.Recovering when !PrimaryUp(s):
                return Move(s with { HealthySince = null }, FailoverState.FailedOver, at, "the primary failed again during the hold time: " + Describe(s), System);
            case FailoverState.Recovering when at - s.HealthySince >= Policy.Failback.Hold:
                return Move(s, FailoverState.FailingBack, at, $"the primary has been healthy for the hold time ({Policy.Failback.Hold})", System);
            case FailoverState.Maintenance when s.MaintenanceUntil is { } until && at >= until:
                return Resume(s, at, System, "the maintenance window ended");
            case FailoverState.Pinned or FailoverState.Maintenance when s.Refused is null && s.WantedSide == FailoverSide.Primary && PrimaryDown(s, at):
                var why = s.State == FailoverState.Pinned ? "pinned to the primary by an operator" : "in a maintenance window";
                return new(s with { Refused = $"the primary is down ({Describe(s)}), but the policy is {why}: the names stay on the primary until it is resumed" }, null);
            case FailoverState.Pinned or FailoverState.Maintenance when s.Refused is not null && !PrimaryDown(s, at):
                return new(s with { Refused = null }, null);
            default:
                return new(s, null);
        }
    }

    private FailoverDecision Move(PolicyState s, FailoverState to, DateTimeOffset at, string reason, string actor, TimeSpan? applyTook = null, TimeSpan? consistentAfter = null)
    {
        var transition = new FailoverTransition
        {
            PolicyId = Policy.Id,
            At = at,
            From = s.State,
            To = to,
            Reason = reason,
            Actor = actor,
            Evidence = s.Checks.Where(kv => Policy.Trigger.Checks.Concat(Policy.StandbyChecks).Any(id => Locations.LocationOf(kv.Key, id) is not null))
                .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            ApplyDuration = applyTook,
            ConsistencyDuration = consistentAfter,
        };
        return new(s with { State = to, Since = at }, transition);
    }

    private string Describe(PolicyState s) => string.Join(", ", Policy.Trigger.Checks.SelectMany(id =>
    {
        var keys = s.Checks.Keys.Where(k => Locations.LocationOf(k, id) is not null).Order(StringComparer.Ordinal).ToList();
        return keys.Count == 0
            ? [$"{id}: no result yet"]
            : keys.Select(k => s.Checks[k] is var r && s.ImpairedLocations.Contains(Locations.LocationOf(k, id)!)
                ? $"{k}: impaired location, set aside"
                : $"{k}: {r.ConsecutiveFailures} failure(s) in a row{(r.LastDetail is null ? "" : $" ({r.LastDetail})")}");
    }));

    private static string Name(FailoverSide side) => side == FailoverSide.Primary ? "primary" : "failover";
}

/// <summary>The state machine will not take an operator's command as the policy stands; the message says why.</summary>
public sealed class FailoverRefusedException(string message) : InvalidOperationException(message);
