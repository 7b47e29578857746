using Pharos.Domain;
using Pharos.StatusPage;
using Pharos.Storage;

namespace Pharos.Failover;

/// <summary>
/// Keeps the status page truthful about failovers: moving to the standby opens an incident on the policy's
/// components (or updates the one already open); moving back posts an update. Marked as automated.
/// </summary>
public sealed class FailoverIncidents(IStatusStore statusStore, StatusRefresher refresher, TimeProvider time)
{
    public const string FailoverText = "We detected a problem with our primary environment and moved traffic to our standby environment. Some features may be unavailable while we work on it.";
    public const string FailbackText = "Traffic is back on our primary environment. We are monitoring to make sure everything works normally.";

    /// <summary>Called after a transition is persisted; returns the incident id the policy should remember.</summary>
    public async Task<string?> OnTransitionAsync(FailoverPolicy policy, FailoverTransition t, PolicyState state, CancellationToken ct)
    {
        var toFailover = t.To is FailoverState.FailingOver || (t.To == FailoverState.Pinned && state.PinnedSide == FailoverSide.Failover && state.LiveSide == FailoverSide.Primary);
        var toPrimary = t.To == FailoverState.Primary && t.From == FailoverState.FailingBack
            || (t.To == FailoverState.Pinned && state.PinnedSide == FailoverSide.Primary && state.LiveSide == FailoverSide.Failover);
        if (!toFailover && !toPrimary)
        {
            return state.IncidentId;
        }

        var now = time.GetUtcNow();
        var existing = state.IncidentId is { } id ? await statusStore.GetIncidentAsync(id, ct).ConfigureAwait(false) : null;
        string? result;
        if (toFailover)
        {
            var down = policy.Components.Select(c => new AffectedComponent(c, ComponentStatus.MajorOutage)).ToList();
            var changes = policy.Components.Select(c => new ComponentChange(c, ComponentStatus.Operational, ComponentStatus.MajorOutage)).ToList();
            var incident = existing is { IsOpen: true }
                ? existing with { Status = IncidentStatus.Identified, Components = down, UpdatedAt = now, Updates = [Update(existing.Id, "identified", now, FailoverText, changes), .. existing.Updates] }
                : NewIncident(policy, now, down, changes);
            await statusStore.SaveIncidentAsync(incident, ct).ConfigureAwait(false);
            result = incident.Id;
        }
        else
        {
            if (existing is not { IsOpen: true })
            {
                return state.IncidentId;
            }

            var up = policy.Components.Select(c => new AffectedComponent(c, ComponentStatus.Operational)).ToList();
            var changes = existing.Components.Select(c => new ComponentChange(c.ComponentId, c.Status, ComponentStatus.Operational)).ToList();
            await statusStore.SaveIncidentAsync(existing with
            {
                Status = IncidentStatus.Monitoring,
                MonitoringAt = now,
                Components = up,
                UpdatedAt = now,
                Updates = [Update(existing.Id, "monitoring", now, FailbackText, changes), .. existing.Updates],
            }, ct).ConfigureAwait(false);
            result = existing.Id;
        }

        refresher.RequestRefresh();
        return result;
    }

    private static Incident NewIncident(FailoverPolicy policy, DateTimeOffset now, List<AffectedComponent> down, List<ComponentChange> changes)
    {
        var id = Ids.New();
        return new Incident
        {
            Id = id,
            Name = "Service moved to our standby environment",
            Status = IncidentStatus.Identified,
            Impact = IncidentImpact.Major,
            CreatedAt = now,
            UpdatedAt = now,
            StartedAt = now,
            Automated = true,
            Components = down,
            Updates = [Update(id, "identified", now, FailoverText, changes)],
        };
    }

    private static IncidentUpdate Update(string parent, string status, DateTimeOffset at, string body, IReadOnlyList<ComponentChange> changes) => new()
    {
        Id = Ids.New(),
        ParentId = parent,
        Status = status,
        Body = body,
        CreatedAt = at,
        UpdatedAt = at,
        DisplayAt = at,
        ComponentChanges = changes,
    };
}
