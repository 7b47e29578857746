using Pharos.Audit;
using Pharos.Domain;
using Pharos.Writes;

namespace Pharos.Failover;

/// <summary>
/// Keeps the status page truthful about failovers: moving to the standby opens an incident on the policy's
/// components (or updates the one already open); moving back posts an update. Written through the one write path
/// as system:failover, so an operator's update posted meanwhile is never lost.
/// </summary>
public sealed class FailoverIncidents(StatusWriter writer)
{
    public const string FailoverText = "We detected a problem with our primary environment and moved traffic to our standby environment. Some features may be unavailable while we work on it.";
    public const string FailbackText = "Traffic is back on our primary environment. We are monitoring to make sure everything works normally.";
    public const string Title = "Service moved to our standby environment";
    public const string PlannedTitle = "Planned maintenance: service moved to our standby environment";
    public const string PlannedText = "We moved traffic to our standby environment for planned work. The service stays available; some features may be limited until we move back.";
    public const string PlannedBackText = "Traffic is back on our primary environment; the planned work is complete.";

    /// <summary>How long a planned move is announced for; the maintenance ends when the names are back, sooner or later.</summary>
    public static readonly TimeSpan PlannedEstimate = TimeSpan.FromHours(1);

    private const string What = "The failover incident change";

    /// <summary>Who failover's incident changes are written by.</summary>
    public static readonly Actor Actor = Actor.System("failover");

    /// <summary>
    /// For a move an operator chose to show as planned: the page shows the policy's components under maintenance
    /// from the move until the names are back, and no outage. Returns the maintenance id the policy should remember.
    /// </summary>
    public async Task<string?> OnPlannedTransitionAsync(FailoverPolicy policy, FailoverTransition t, PolicyState state, CancellationToken ct)
    {
        var (toFailover, toPrimary) = Direction(t, state);
        if (toFailover && state.PlannedMaintenanceId is null)
        {
            var opened = await writer.CreateMaintenanceAsync(
                Actor,
                "maintenance.schedule",
                (now, _) => Maintenance.Schedule(PlannedTitle, IncidentImpact.Minor, now, now + PlannedEstimate, policy.Components, PlannedText, now, autoStart: true, autoComplete: false).Advance(now),
                m => $"Opened \"{m.Name}\" for a planned move of failover policy {policy.Id}",
                ct).ConfigureAwait(false);
            return opened.Written("The planned-move maintenance").Id;
        }

        if (!toPrimary || state.PlannedMaintenanceId is not { } id)
        {
            return state.PlannedMaintenanceId;
        }

        var done = await writer.ChangeMaintenanceAsync(
            id,
            Actor,
            "maintenance.update",
            (m, now, _) => m.Status == MaintenanceStatus.Completed ? m : m.Post(new MaintenanceChange { Status = MaintenanceStatus.Completed }, PlannedBackText, now),
            m => $"Completed \"{m.Name}\": failover policy {policy.Id} is back on the primary",
            ct).ConfigureAwait(false);
        return done.Outcome is WriteOutcome.Ok or WriteOutcome.NotFound ? null : id;
    }

    /// <summary>Called after a transition is persisted; returns the incident id the policy should remember.</summary>
    public async Task<string?> OnTransitionAsync(FailoverPolicy policy, FailoverTransition t, PolicyState state, CancellationToken ct)
    {
        var (toFailover, toPrimary) = Direction(t, state);
        if (!toFailover && !toPrimary)
        {
            return state.IncidentId;
        }

        var down = policy.Components.ToDictionary(c => c, _ => ComponentStatus.MajorOutage, StringComparer.Ordinal);
        if (toFailover)
        {
            if (state.IncidentId is { } id)
            {
                var updated = await writer.ChangeIncidentAsync(
                    id, Actor, "incident.update", (i, now, _) => i.IsOpen ? i.Post(IncidentStatus.Identified, FailoverText, down, now) : i, i => $"Failover update on \"{i.Name}\"", ct).ConfigureAwait(false);
                if (updated is { Outcome: WriteOutcome.Ok, Value.IsOpen: true })
                {
                    return id;
                }
            }

            var opened = await writer.CreateIncidentAsync(
                Actor, "incident.create", (now, _) => Incident.Open(Title, IncidentStatus.Identified, down, FailoverText, now, IncidentImpact.Major, automated: true), i => $"Opened \"{i.Name}\" on failover", ct).ConfigureAwait(false);
            return opened.Written(What).Id;
        }

        if (state.IncidentId is not { } openId)
        {
            return null;
        }

        var back = await writer.ChangeIncidentAsync(
            openId,
            Actor,
            "incident.update",
            (i, now, _) => i.IsOpen ? i.Post(IncidentStatus.Monitoring, FailbackText, i.Components.ToDictionary(c => c.ComponentId, _ => ComponentStatus.Operational, StringComparer.Ordinal), now) : i,
            i => $"Failback update on \"{i.Name}\"",
            ct).ConfigureAwait(false);
        return back.Outcome == WriteOutcome.NotFound ? null : back.Written(What).Id;
    }

    private static (bool ToFailover, bool ToPrimary) Direction(FailoverTransition t, PolicyState state)
    {
        // A window that ends with the primary still unhealthy leaves customers on the standby: now that is an outage.
        var toFailover = t.To is FailoverState.FailingOver || (t.From == FailoverState.Maintenance && t.To == FailoverState.FailedOver)
            || (t.To == FailoverState.Pinned && state.PinnedSide == FailoverSide.Failover && state.LiveSide == FailoverSide.Primary);
        var toPrimary = t.To == FailoverState.Primary && t.From == FailoverState.FailingBack
            || (t.To == FailoverState.Pinned && state.PinnedSide == FailoverSide.Primary && state.LiveSide == FailoverSide.Failover);
        return (toFailover, toPrimary);
    }
}
