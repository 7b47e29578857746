using Pharos.Domain;

namespace Pharos.Tests.Support;

/// <summary>Builders for domain objects with fixed ids, so expected output can be written down.</summary>
public static class Samples
{
    public static Incident Incident(
        string id,
        DateTimeOffset start,
        DateTimeOffset? resolved = null,
        IncidentImpact impact = IncidentImpact.Major,
        string name = "Checkout errors",
        string body = "We are looking into it.",
        params AffectedComponent[] components)
    {
        var status = resolved is null ? IncidentStatus.Investigating : IncidentStatus.Resolved;
        var updates = new List<IncidentUpdate>();
        if (resolved is not null)
        {
            updates.Add(Update(id + "-u2", id, "resolved", resolved.Value, "It is fixed."));
        }

        updates.Add(Update(id + "-u1", id, "investigating", start, body,
            components.Select(c => new ComponentChange(c.ComponentId, ComponentStatus.Operational, c.Status)).ToArray()));
        return new Incident
        {
            Id = id,
            Name = name,
            Status = status,
            Impact = impact,
            CreatedAt = start,
            UpdatedAt = resolved ?? start,
            StartedAt = start,
            ResolvedAt = resolved,
            Components = resolved is null ? components : components.Select(c => c with { Status = ComponentStatus.Operational }).ToArray(),
            Updates = updates,
        };
    }

    public static IncidentUpdate Update(string id, string parent, string status, DateTimeOffset at, string body, params ComponentChange[] changes) => new()
    {
        Id = id,
        ParentId = parent,
        Status = WireNames.ParseUpdateStatus(status),
        Body = body,
        CreatedAt = at,
        UpdatedAt = at,
        DisplayAt = at,
        ComponentChanges = changes,
    };

    public static Maintenance Maintenance(string id, DateTimeOffset from, DateTimeOffset until, DateTimeOffset created, params string[] components) => new()
    {
        Id = id,
        Name = "Database upgrade",
        Status = MaintenanceStatus.Scheduled,
        Impact = IncidentImpact.Minor,
        CreatedAt = created,
        UpdatedAt = created,
        ScheduledFor = from,
        ScheduledUntil = until,
        ComponentIds = components,
        Updates = [Update(id + "-s", id, "scheduled", created, "We will upgrade the database.")],
    };
}
