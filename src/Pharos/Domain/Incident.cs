namespace Pharos.Domain;

/// <summary>An incident as customers see it: what broke, how badly, which components, and what was said.</summary>
public sealed record Incident
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required IncidentStatus Status { get; init; }
    public required IncidentImpact Impact { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? MonitoringAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public string? PostmortemBody { get; init; }
    public DateTimeOffset? PostmortemPublishedAt { get; init; }

    /// <summary>Entered after the fact with explicit times rather than live.</summary>
    public bool Backfilled { get; init; }

    /// <summary>Opened by Pharos itself (monitoring or failover), not by a person.</summary>
    public bool Automated { get; init; }

    /// <summary>The components it names, each with the status it currently imposes.</summary>
    public IReadOnlyList<AffectedComponent> Components { get; init; } = [];

    /// <summary>Updates, newest first (Statuspage's order).</summary>
    public IReadOnlyList<IncidentUpdate> Updates { get; init; } = [];

    public bool IsOpen => Status is IncidentStatus.Investigating or IncidentStatus.Identified or IncidentStatus.Monitoring;
}

/// <summary>A component named by an incident or maintenance and the status it takes while that is open.</summary>
public sealed record AffectedComponent(string ComponentId, ComponentStatus Status);

/// <summary>A component change recorded with an update (Statuspage's affected_components entry).</summary>
public sealed record ComponentChange(string ComponentId, ComponentStatus OldStatus, ComponentStatus NewStatus);

/// <summary>One timestamped message on an incident or maintenance.</summary>
public sealed record IncidentUpdate
{
    public required string Id { get; init; }
    public required string ParentId { get; init; }

    /// <summary>The incident or maintenance status this update announced, by its wire name.</summary>
    public required string Status { get; init; }

    /// <summary>Markdown, rendered with raw HTML disabled.</summary>
    public required string Body { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The time shown to readers; differs from CreatedAt for backfilled updates.</summary>
    public required DateTimeOffset DisplayAt { get; init; }

    public IReadOnlyList<ComponentChange> ComponentChanges { get; init; } = [];
}
