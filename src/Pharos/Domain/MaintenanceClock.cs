namespace Pharos.Domain;

/// <summary>Moves a maintenance through its window's edges when automatic start and completion are on.</summary>
public static class MaintenanceClock
{
    /// <summary>The maintenance as it should be at <paramref name="now"/>; the same instance when nothing is due.</summary>
    public static Maintenance Advance(Maintenance m, DateTimeOffset now)
    {
        if (m.Cancelled)
        {
            return m;
        }

        var result = m;
        if (result.Status == MaintenanceStatus.Scheduled && result.AutoStart && now >= result.ScheduledFor)
        {
            result = Transition(result, MaintenanceStatus.InProgress, result.ScheduledFor, "Scheduled maintenance is now in progress.");
            result = result with { StartedAt = result.ScheduledFor };
        }

        if (result.Status is MaintenanceStatus.InProgress or MaintenanceStatus.Verifying && result.AutoComplete && now >= result.ScheduledUntil)
        {
            result = Transition(result, MaintenanceStatus.Completed, result.ScheduledUntil, "The scheduled maintenance has been completed.");
            result = result with { CompletedAt = result.ScheduledUntil };
        }

        return result;
    }

    private static Maintenance Transition(Maintenance m, MaintenanceStatus to, DateTimeOffset at, string body)
    {
        var newStatus = to == MaintenanceStatus.InProgress ? ComponentStatus.UnderMaintenance : ComponentStatus.Operational;
        var oldStatus = to == MaintenanceStatus.InProgress ? ComponentStatus.Operational : ComponentStatus.UnderMaintenance;
        var update = new IncidentUpdate
        {
            // Derived from the maintenance and the edge, so two processes advancing the same window agree on the id.
            Id = $"{m.Id}-{WireNames.Of(to)}",
            ParentId = m.Id,
            Status = WireNames.Of(to),
            Body = body,
            CreatedAt = at,
            UpdatedAt = at,
            DisplayAt = at,
            ComponentChanges = m.ComponentIds.Select(c => new ComponentChange(c, oldStatus, newStatus)).ToList(),
        };
        return m with
        {
            Status = to,
            UpdatedAt = at,
            Sequence = m.Sequence + 1,
            Updates = [update, .. m.Updates],
        };
    }
}
