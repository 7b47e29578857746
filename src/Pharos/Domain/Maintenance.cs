namespace Pharos.Domain;

/// <summary>A scheduled maintenance window and what was said about it.</summary>
public sealed record Maintenance
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required MaintenanceStatus Status { get; init; }
    public required IncidentImpact Impact { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required DateTimeOffset ScheduledFor { get; init; }
    public required DateTimeOffset ScheduledUntil { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Move to in_progress by itself when the window opens.</summary>
    public bool AutoStart { get; init; } = true;

    /// <summary>Move to completed by itself when the window closes.</summary>
    public bool AutoComplete { get; init; } = true;

    /// <summary>Raised on every change, so calendar clients replace their copy (RFC 5545 SEQUENCE).</summary>
    public int Sequence { get; init; }

    /// <summary>Set when the window was called off; it stays listed as completed but the calendar marks it cancelled.</summary>
    public bool Cancelled { get; init; }

    public IReadOnlyList<string> ComponentIds { get; init; } = [];

    /// <summary>Updates, newest first.</summary>
    public IReadOnlyList<IncidentUpdate> Updates { get; init; } = [];

    public bool IsActive => Status is MaintenanceStatus.InProgress or MaintenanceStatus.Verifying;
}
