using Pharos.Http;
using Pharos.Config;
using Pharos.Domain;

namespace Pharos.Admin.Commands;

/// <summary>The rules for scheduling, updating and cancelling maintenance, as pure functions like <see cref="IncidentCommands"/>.</summary>
public static class MaintenanceCommands
{
    public static Maintenance? Schedule(MaintenanceDraft d, SiteCatalog config, DateTimeOffset now, Validation v, IReadOnlyCollection<string>? policies = null)
    {
        CheckPolicy(d.FailoverPolicy, policies, v);
        var name = v.Required("name", d.Name, IncidentCommands.MaxName);
        var message = v.Required("message", d.Message, IncidentCommands.MaxMessage);
        var impact = d.Impact is null ? IncidentImpact.Minor : IncidentCommands.ParseImpact(d.Impact, "impact", v);
        CheckWindow(d.ScheduledFor, d.ScheduledUntil, v, required: true);
        CheckComponents(d.Components, config, v);
        if (!v.IsValid || name is null || message is null)
        {
            return null;
        }

        var scheduled = Maintenance.Schedule(name, impact, d.ScheduledFor!.Value, d.ScheduledUntil!.Value, d.Components, message, now, d.AutoStart, d.AutoComplete, d.FailoverPolicy?.Trim());
        return d.Social ? scheduled.ShareNewest() : scheduled;
    }

    public static Maintenance? Update(Maintenance m, MaintenanceUpdateDraft d, SiteCatalog config, DateTimeOffset now, Validation v, IReadOnlyCollection<string>? policies = null)
    {
        CheckPolicy(d.FailoverPolicy, policies, v);
        if (d.FailoverPolicy is not null && m.IsActive && !string.Equals(d.FailoverPolicy.Trim(), m.FailoverPolicy ?? "", StringComparison.Ordinal))
        {
            v.Add("failover_policy", "The window is in progress: the policy it moves cannot change until it ends.");
        }

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

        var posted = m.Post(
            new MaintenanceChange
            {
                Status = status,
                Name = name,
                ScheduledFor = from,
                ScheduledUntil = until,
                ComponentIds = d.Components,
                AutoStart = d.AutoStart,
                AutoComplete = d.AutoComplete,
                FailoverPolicy = d.FailoverPolicy?.Trim(),
            },
            message,
            now);
        return d.Social && posted.Updates.Count > m.Updates.Count ? posted.ShareNewest() : posted;
    }

    /// <summary>Calls the window off: it ends now, stays in the history as completed, and calendars mark it cancelled.</summary>
    public static Maintenance? Cancel(Maintenance m, string? message, DateTimeOffset now, Validation v)
    {
        if (m.Cancelled || m.Status == MaintenanceStatus.Completed)
        {
            v.Add("status", "The maintenance is already over.");
            return null;
        }

        return m.Cancel(string.IsNullOrWhiteSpace(message) ? "This scheduled maintenance has been cancelled." : message.Trim(), now);
    }

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

    /// <summary>
    /// Naming a policy moves DNS, which only admins may do by hand: the same right is asked of whoever plans it.
    /// </summary>
    public static void RequireAdminToMoveDns(string? policy, bool isAdmin, Validation v)
    {
        if (!string.IsNullOrWhiteSpace(policy) && !isAdmin)
        {
            v.Add("failover_policy", "Moving DNS for a maintenance window needs the admin role, as a manual failover does.");
        }
    }

    private static void CheckPolicy(string? policy, IReadOnlyCollection<string>? policies, Validation v)
    {
        if (!string.IsNullOrWhiteSpace(policy) && !(policies ?? []).Contains(policy.Trim()))
        {
            v.Add("failover_policy", $"There is no failover policy '{policy.Trim()}' in the config.");
        }
    }

    private static void CheckComponents(IReadOnlyList<string> ids, SiteCatalog config, Validation v)
    {
        foreach (var id in ids.Where(id => config.FindComponent(id) is null))
        {
            v.Add($"components.{id}", $"There is no component '{id}' in the config.");
        }
    }
}
