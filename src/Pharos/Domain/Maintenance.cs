namespace Pharos.Domain;

/// <summary>A scheduled maintenance window and what was said about it; its changes are methods, as on <see cref="Incident"/>.</summary>
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

    /// <summary>Raised by the store with every save; see <see cref="Incident.Revision"/>.</summary>
    public int Revision { get; init; }

    public IReadOnlyList<string> ComponentIds { get; init; } = [];

    /// <summary>
    /// The failover policy whose names move to the standby while the window is in progress and back when it ends;
    /// null when the window moves no DNS.
    /// </summary>
    public string? FailoverPolicy { get; init; }

    /// <summary>Updates, newest first.</summary>
    public IReadOnlyList<IncidentUpdate> Updates { get; init; } = [];

    public bool IsActive => Status is MaintenanceStatus.InProgress or MaintenanceStatus.Verifying;

    /// <summary>Marks the newest update to be posted to the social channels too.</summary>
    public Maintenance ShareNewest() => Updates.Count == 0 ? this : this with { Updates = [Updates[0] with { Social = true }, .. Updates.Skip(1)] };

    /// <summary>A new window, announced with its first message.</summary>
    public static Maintenance Schedule(
        string name, IncidentImpact impact, DateTimeOffset from, DateTimeOffset until, IEnumerable<string> componentIds, string message,
        DateTimeOffset now, bool autoStart = true, bool autoComplete = true, string? failoverPolicy = null)
    {
        var id = Ids.New();
        return new Maintenance
        {
            Id = id,
            Name = name,
            Status = MaintenanceStatus.Scheduled,
            Impact = impact,
            CreatedAt = now,
            UpdatedAt = now,
            ScheduledFor = from,
            ScheduledUntil = until,
            AutoStart = autoStart,
            AutoComplete = autoComplete,
            FailoverPolicy = string.IsNullOrWhiteSpace(failoverPolicy) ? null : failoverPolicy,
            ComponentIds = componentIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            Updates = [IncidentUpdate.Create(id, UpdateStatus.Scheduled, message, now, now, [])],
        };
    }

    /// <summary>Posts an update, optionally moving the status or changing the window and its settings.</summary>
    public Maintenance Post(MaintenanceChange change, string message, DateTimeOffset now)
    {
        var at = ChangeTime.After(UpdatedAt, now);
        var status = change.Status ?? Status;
        var components = change.ComponentIds?.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() ?? ComponentIds;
        var changes = status == Status ? [] : ChangesFor(status, components);
        return this with
        {
            Name = change.Name ?? Name,
            Status = status,
            UpdatedAt = at,
            ScheduledFor = change.ScheduledFor ?? ScheduledFor,
            ScheduledUntil = change.ScheduledUntil ?? ScheduledUntil,
            ComponentIds = components,
            AutoStart = change.AutoStart ?? AutoStart,
            AutoComplete = change.AutoComplete ?? AutoComplete,
            FailoverPolicy = change.FailoverPolicy is null ? FailoverPolicy : change.FailoverPolicy.Length == 0 ? null : change.FailoverPolicy,
            StartedAt = status is MaintenanceStatus.InProgress or MaintenanceStatus.Verifying ? StartedAt ?? at : StartedAt,
            CompletedAt = status == MaintenanceStatus.Completed ? CompletedAt ?? at : null,
            Sequence = Sequence + 1,
            // A word after the window closed, that leaves it closed, is a postscript as on an incident.
            Updates = [IncidentUpdate.Create(Id, Announce(status), message, at, at, changes) with { AddedLater = Status == MaintenanceStatus.Completed && status == MaintenanceStatus.Completed }, .. Updates],
        };
    }

    /// <summary>Calls the window off: it ends now, stays in the history as completed, and calendars mark it cancelled.</summary>
    public Maintenance Cancel(string message, DateTimeOffset now)
    {
        var at = ChangeTime.After(UpdatedAt, now);
        return this with
        {
            Status = MaintenanceStatus.Completed,
            Cancelled = true,
            CompletedAt = at,
            UpdatedAt = at,
            Sequence = Sequence + 1,
            Updates = [IncidentUpdate.Create(Id, UpdateStatus.Completed, message, at, at, IsActive ? ChangesFor(MaintenanceStatus.Completed, ComponentIds) : []), .. Updates],
        };
    }

    /// <summary>
    /// The window as it should be at <paramref name="now"/> when automatic start and completion are on: moved
    /// across the edges it has passed, each stamped at its edge. The same instance when nothing is due.
    /// </summary>
    public Maintenance Advance(DateTimeOffset now)
    {
        if (Cancelled)
        {
            return this;
        }

        var result = this;
        if (result.Status == MaintenanceStatus.Scheduled && result.AutoStart && now >= result.ScheduledFor)
        {
            result = result.CrossEdge(MaintenanceStatus.InProgress, result.ScheduledFor, "Scheduled maintenance is now in progress.") with { StartedAt = result.ScheduledFor };
        }

        if (result.IsActive && result.AutoComplete && now >= result.ScheduledUntil)
        {
            result = result.CrossEdge(MaintenanceStatus.Completed, result.ScheduledUntil, "The scheduled maintenance has been completed.") with { CompletedAt = result.ScheduledUntil };
        }

        return result;
    }

    /// <summary>When <see cref="Advance"/> will next have something to do; MaxValue when never.</summary>
    public DateTimeOffset NextEdge => Cancelled ? DateTimeOffset.MaxValue
        : Status == MaintenanceStatus.Scheduled && AutoStart ? ScheduledFor
        : IsActive && AutoComplete ? ScheduledUntil
        : DateTimeOffset.MaxValue;

    /// <summary>The status an update announcing this maintenance status carries.</summary>
    public static UpdateStatus Announce(MaintenanceStatus status) => status switch
    {
        MaintenanceStatus.Scheduled => UpdateStatus.Scheduled,
        MaintenanceStatus.InProgress => UpdateStatus.InProgress,
        MaintenanceStatus.Verifying => UpdateStatus.Verifying,
        MaintenanceStatus.Completed => UpdateStatus.Completed,
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    private Maintenance CrossEdge(MaintenanceStatus to, DateTimeOffset at, string body)
    {
        var update = IncidentUpdate.Create(Id, Announce(to), body, at, at, ChangesFor(to, ComponentIds)) with
        {
            // Derived from the window and the edge, so two nodes advancing the same window agree on the id.
            Id = $"{Id}-{WireNames.Of(to)}",
        };
        return this with { Status = to, UpdatedAt = ChangeTime.After(UpdatedAt, at), Sequence = Sequence + 1, Updates = [update, .. Updates] };
    }

    private static List<ComponentChange> ChangesFor(MaintenanceStatus status, IReadOnlyList<string> components) => status switch
    {
        MaintenanceStatus.InProgress => components.Select(c => new ComponentChange(c, ComponentStatus.Operational, ComponentStatus.UnderMaintenance)).ToList(),
        MaintenanceStatus.Completed => components.Select(c => new ComponentChange(c, ComponentStatus.UnderMaintenance, ComponentStatus.Operational)).ToList(),
        _ => [],
    };
}

/// <summary>What an update to a maintenance may change besides posting its message; null fields stay as they are.</summary>
public sealed record MaintenanceChange
{
    public MaintenanceStatus? Status { get; init; }
    public string? Name { get; init; }
    public DateTimeOffset? ScheduledFor { get; init; }
    public DateTimeOffset? ScheduledUntil { get; init; }
    public IReadOnlyList<string>? ComponentIds { get; init; }
    public bool? AutoStart { get; init; }
    public bool? AutoComplete { get; init; }

    /// <summary>The failover policy the window moves; the empty string names none.</summary>
    public string? FailoverPolicy { get; init; }
}
