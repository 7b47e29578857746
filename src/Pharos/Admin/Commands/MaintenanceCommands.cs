using Pharos.Http;
using Pharos.Config;
using Pharos.Domain;

namespace Pharos.Admin.Commands;

/// <summary>The rules for scheduling, updating and cancelling maintenance, as pure functions like <see cref="IncidentCommands"/>.</summary>
public static class MaintenanceCommands
{
    public static Maintenance? Schedule(MaintenanceDraft d, PharosConfig config, DateTimeOffset now, Validation v)
    {
        var name = v.Required("name", d.Name, IncidentCommands.MaxName);
        var message = v.Required("message", d.Message, IncidentCommands.MaxMessage);
        var impact = d.Impact is null ? IncidentImpact.Minor : IncidentCommands.ParseImpact(d.Impact, "impact", v);
        CheckWindow(d.ScheduledFor, d.ScheduledUntil, v, required: true);
        CheckComponents(d.Components, config, v);
        if (!v.IsValid || name is null || message is null)
        {
            return null;
        }

        var id = Ids.New();
        return new Maintenance
        {
            Id = id,
            Name = name,
            Status = MaintenanceStatus.Scheduled,
            Impact = impact,
            CreatedAt = now,
            UpdatedAt = now,
            ScheduledFor = d.ScheduledFor!.Value,
            ScheduledUntil = d.ScheduledUntil!.Value,
            AutoStart = d.AutoStart,
            AutoComplete = d.AutoComplete,
            ComponentIds = d.Components.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            Updates = [IncidentCommands.Update(id, "scheduled", message, now, now, [])],
        };
    }

    public static Maintenance? Update(Maintenance m, MaintenanceUpdateDraft d, PharosConfig config, DateTimeOffset now, Validation v)
    {
        var message = v.Required("message", d.Message, IncidentCommands.MaxMessage);
        var status = m.Status;
        if (!string.IsNullOrEmpty(d.Status) && !WireNames.TryParse(d.Status, out status))
        {
            v.Add("status", $"'{d.Status}' is not one of scheduled, in_progress, verifying, completed.");
        }

        if (m.Cancelled)
        {
            v.Add("status", "The maintenance was cancelled.");
        }

        var name = d.Name is null ? m.Name : v.Required("name", d.Name, IncidentCommands.MaxName);
        var from = d.ScheduledFor ?? m.ScheduledFor;
        var until = d.ScheduledUntil ?? m.ScheduledUntil;
        CheckWindow(from, until, v, required: false);
        if (d.Components is not null)
        {
            CheckComponents(d.Components, config, v);
        }

        if (!v.IsValid || message is null || name is null)
        {
            return null;
        }

        var at = IncidentCommands.Tick(m.UpdatedAt, now);
        var components = d.Components?.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() ?? m.ComponentIds;
        var changes = status == m.Status ? [] : ChangesFor(status, components);
        return m with
        {
            Name = name,
            Status = status,
            UpdatedAt = at,
            ScheduledFor = from,
            ScheduledUntil = until,
            ComponentIds = components,
            AutoStart = d.AutoStart ?? m.AutoStart,
            AutoComplete = d.AutoComplete ?? m.AutoComplete,
            StartedAt = status is MaintenanceStatus.InProgress or MaintenanceStatus.Verifying ? m.StartedAt ?? at : m.StartedAt,
            CompletedAt = status == MaintenanceStatus.Completed ? m.CompletedAt ?? at : null,
            Sequence = m.Sequence + 1,
            Updates = [IncidentCommands.Update(m.Id, WireNames.Of(status), message, at, at, changes), .. m.Updates],
        };
    }

    /// <summary>Calls the window off: it ends now, stays in the history as completed, and calendars mark it cancelled.</summary>
    public static Maintenance? Cancel(Maintenance m, string? message, DateTimeOffset now, Validation v)
    {
        if (m.Cancelled || m.Status == MaintenanceStatus.Completed)
        {
            v.Add("status", "The maintenance is already over.");
            return null;
        }

        var at = IncidentCommands.Tick(m.UpdatedAt, now);
        var text = string.IsNullOrWhiteSpace(message) ? "This scheduled maintenance has been cancelled." : message.Trim();
        return m with
        {
            Status = MaintenanceStatus.Completed,
            Cancelled = true,
            CompletedAt = at,
            UpdatedAt = at,
            Sequence = m.Sequence + 1,
            Updates = [IncidentCommands.Update(m.Id, "completed", text, at, at, m.IsActive ? ChangesFor(MaintenanceStatus.Completed, m.ComponentIds) : []), .. m.Updates],
        };
    }

    private static List<ComponentChange> ChangesFor(MaintenanceStatus status, IReadOnlyList<string> components) => status switch
    {
        MaintenanceStatus.InProgress => components.Select(c => new ComponentChange(c, ComponentStatus.Operational, ComponentStatus.UnderMaintenance)).ToList(),
        MaintenanceStatus.Completed => components.Select(c => new ComponentChange(c, ComponentStatus.UnderMaintenance, ComponentStatus.Operational)).ToList(),
        _ => [],
    };

    private static void CheckWindow(DateTimeOffset? from, DateTimeOffset? until, Validation v, bool required)
    {
        if (required && from is null)
        {
            v.Add("scheduled_for", "'scheduled_for' is required.");
        }

        if (required && until is null)
        {
            v.Add("scheduled_until", "'scheduled_until' is required.");
        }

        if (from is { } f && until is { } u && u <= f)
        {
            v.Add("scheduled_until", "The window must end after it starts.");
        }
    }

    private static void CheckComponents(IReadOnlyList<string> ids, PharosConfig config, Validation v)
    {
        foreach (var id in ids.Where(id => config.FindComponent(id) is null))
        {
            v.Add($"components.{id}", $"There is no component '{id}' in the config.");
        }
    }
}
