namespace Pharos.Admin.Commands;

/// <summary>A new incident as submitted: strings as sent, checked by <see cref="IncidentCommands"/>.</summary>
public sealed record IncidentDraft
{
    public string? Name { get; init; }

    /// <summary>none, minor, major or critical; derived from the components' statuses when absent.</summary>
    public string? Impact { get; init; }

    /// <summary>The first update's status; investigating when absent.</summary>
    public string? Status { get; init; }

    /// <summary>Component id to the status it takes while the incident is open.</summary>
    public IReadOnlyDictionary<string, string> Components { get; init; } = new Dictionary<string, string>();

    /// <summary>The first update, in Markdown.</summary>
    public string? Message { get; init; }

    /// <summary>Backfill: when the incident really started (both ends are given, both in the past).</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Backfill: when it ended.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Backfill: the text of the closing update; a default when absent.</summary>
    public string? ResolutionMessage { get; init; }
    /// <summary>Also post this update to the social channels (Mastodon, X).</summary>
    public bool Social { get; init; }
}

/// <summary>An update to post on an incident.</summary>
public sealed record UpdateDraft
{
    /// <summary>investigating, identified, monitoring or resolved.</summary>
    public string? Status { get; init; }

    public string? Message { get; init; }

    /// <summary>Components whose status changes (or that are added); the others keep theirs.</summary>
    public IReadOnlyDictionary<string, string> Components { get; init; } = new Dictionary<string, string>();

    /// <summary>A new impact, when the incident turned out better or worse than first thought.</summary>
    public string? Impact { get; init; }
    /// <summary>Also post this update to the social channels (Mastodon, X).</summary>
    public bool Social { get; init; }
}

/// <summary>A new maintenance window as submitted.</summary>
public sealed record MaintenanceDraft
{
    public string? Name { get; init; }
    public string? Impact { get; init; }
    public DateTimeOffset? ScheduledFor { get; init; }
    public DateTimeOffset? ScheduledUntil { get; init; }
    public IReadOnlyList<string> Components { get; init; } = [];
    public string? Message { get; init; }
    public bool AutoStart { get; init; } = true;
    public bool AutoComplete { get; init; } = true;
    /// <summary>Also post this update to the social channels (Mastodon, X).</summary>
    public bool Social { get; init; }
    /// <summary>The failover policy whose names move to the standby for the window; none when empty.</summary>
    public string? FailoverPolicy { get; init; }
}

/// <summary>A change to a maintenance window: a message, and optionally a new status, window or settings.</summary>
public sealed record MaintenanceUpdateDraft
{
    /// <summary>scheduled, in_progress, verifying or completed; unchanged when absent.</summary>
    public string? Status { get; init; }

    public string? Message { get; init; }
    public string? Name { get; init; }
    public DateTimeOffset? ScheduledFor { get; init; }
    public DateTimeOffset? ScheduledUntil { get; init; }
    public IReadOnlyList<string>? Components { get; init; }
    public bool? AutoStart { get; init; }
    public bool? AutoComplete { get; init; }
    /// <summary>Also post this update to the social channels (Mastodon, X).</summary>
    public bool Social { get; init; }
    /// <summary>The failover policy the window moves; unchanged when null, none when empty.</summary>
    public string? FailoverPolicy { get; init; }
}
