namespace Pharos.Domain;

/// <summary>Derives the events of a change from the object before and after it: one rule for every writer.</summary>
public static class DomainEvents
{
    /// <summary>Every kind this class raises, for validating what a notification route names.</summary>
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "incident.opened", "incident.update_posted", "incident.update_edited", "incident.update_deleted", "incident.status_changed",
        "incident.resolved", "incident.postmortem_published", "maintenance.scheduled", "maintenance.update_posted",
        "maintenance.update_edited", "maintenance.update_deleted", "maintenance.cancelled", "maintenance.started",
        "maintenance.completed", "maintenance.status_changed",
    };

    public static IReadOnlyList<DomainEvent> Between(Incident? before, Incident after, DateTimeOffset at)
    {
        var events = new List<DomainEvent>();
        DomainEvent E(string kind, string? updateId = null, string? status = null) => new(kind, "incident", after.Id, at) { UpdateId = updateId, Status = status };
        if (before is null)
        {
            events.Add(E("incident.opened", status: WireNames.Of(after.Status)));
        }

        AddUpdateEvents(events, "incident", before?.Updates ?? [], after.Updates, (k, u) => E(k, u.Id, WireNames.Of(u.Status)));
        if (before is not null && before.Status != after.Status)
        {
            events.Add(E("incident.status_changed", status: WireNames.Of(after.Status)));
        }

        if (before is not null && before.IsOpen && !after.IsOpen)
        {
            events.Add(E("incident.resolved", status: WireNames.Of(after.Status)));
        }

        if (after.PostmortemPublishedAt is not null && before?.PostmortemPublishedAt is null)
        {
            events.Add(E("incident.postmortem_published"));
        }

        return events;
    }

    public static IReadOnlyList<DomainEvent> Between(Maintenance? before, Maintenance after, DateTimeOffset at)
    {
        var events = new List<DomainEvent>();
        DomainEvent E(string kind, string? updateId = null, string? status = null) => new(kind, "maintenance", after.Id, at) { UpdateId = updateId, Status = status };
        if (before is null)
        {
            events.Add(E("maintenance.scheduled", status: WireNames.Of(after.Status)));
        }

        AddUpdateEvents(events, "maintenance", before?.Updates ?? [], after.Updates, (k, u) => E(k, u.Id, WireNames.Of(u.Status)));
        if (before is not null && before.Status != after.Status)
        {
            events.Add(E(after.Cancelled && !before.Cancelled ? "maintenance.cancelled"
                : after.Status == MaintenanceStatus.InProgress && before.Status == MaintenanceStatus.Scheduled ? "maintenance.started"
                : after.Status == MaintenanceStatus.Completed ? "maintenance.completed"
                : "maintenance.status_changed", status: WireNames.Of(after.Status)));
        }

        return events;
    }

    private static void AddUpdateEvents(List<DomainEvent> events, string subject, IReadOnlyList<IncidentUpdate> before, IReadOnlyList<IncidentUpdate> after, Func<string, IncidentUpdate, DomainEvent> make)
    {
        var old = before.ToDictionary(u => u.Id, StringComparer.Ordinal);
        var now = after.Select(u => u.Id).ToHashSet(StringComparer.Ordinal);

        // Oldest first, so a consumer reading the log in order sees updates in the order they were posted.
        foreach (var u in after.Reverse())
        {
            if (!old.TryGetValue(u.Id, out var was))
            {
                events.Add(make($"{subject}.update_posted", u));
            }
            else if (was.Body != u.Body || was.Status != u.Status)
            {
                events.Add(make($"{subject}.update_edited", u));
            }
        }

        foreach (var u in before.Where(u => !now.Contains(u.Id)))
        {
            events.Add(make($"{subject}.update_deleted", u));
        }
    }
}
