namespace Pharos.Domain;

/// <summary>One timestamped message on an incident or maintenance.</summary>
public sealed record IncidentUpdate
{
    public required string Id { get; init; }
    public required string ParentId { get; init; }

    /// <summary>The incident or maintenance status this update announced.</summary>
    public required UpdateStatus Status { get; init; }

    /// <summary>Markdown, rendered with raw HTML disabled.</summary>
    public required string Body { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The time shown to readers; differs from CreatedAt for backfilled updates.</summary>
    public required DateTimeOffset DisplayAt { get; init; }

    public IReadOnlyList<ComponentChange> ComponentChanges { get; init; } = [];

    /// <summary>Also posted to Mastodon and X: the operator's choice for each update, off unless asked for.</summary>
    public bool Social { get; init; }

    /// <summary>
    /// A postscript posted after the incident was resolved (or the maintenance completed): it changes nothing of the
    /// outcome, and readers are told it came later.
    /// </summary>
    public bool AddedLater { get; init; }

    /// <summary>When the text was last corrected; null when never. The text before each correction is in the audit log.</summary>
    public DateTimeOffset? EditedAt { get; init; }

    /// <summary>The one factory of updates, for people and system writers alike.</summary>
    public static IncidentUpdate Create(string parentId, UpdateStatus status, string body, DateTimeOffset displayAt, DateTimeOffset createdAt, IEnumerable<ComponentChange> changes) => new()
    {
        Id = Ids.New(),
        ParentId = parentId,
        Status = status,
        Body = body,
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
        DisplayAt = displayAt,
        ComponentChanges = changes.ToList(),
    };
}

/// <summary>A component named by an incident or maintenance and the status it takes while that is open.</summary>
public sealed record AffectedComponent(string ComponentId, ComponentStatus Status);

/// <summary>A component change recorded with an update (Statuspage's affected_components entry).</summary>
public sealed record ComponentChange(string ComponentId, ComponentStatus OldStatus, ComponentStatus NewStatus);
