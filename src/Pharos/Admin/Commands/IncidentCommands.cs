using Pharos.Http;
using Pharos.Config;
using Pharos.Domain;

namespace Pharos.Admin.Commands;

/// <summary>
/// The rules for changing incidents, as pure functions: each takes the incident as it is and returns it as it
/// should be, or null with the problems in <see cref="Validation"/>. Nothing is written when anything is wrong.
/// </summary>
public static class IncidentCommands
{
    public const int MaxName = 200;
    public const int MaxMessage = 20_000;

    private static readonly IncidentStatus[] PostableStatuses = [IncidentStatus.Investigating, IncidentStatus.Identified, IncidentStatus.Monitoring, IncidentStatus.Resolved];

    public static Incident? Create(IncidentDraft d, SiteCatalog config, DateTimeOffset now, Validation v)
    {
        var name = v.Required("name", d.Name, MaxName);
        var message = v.Required("message", d.Message, MaxMessage);
        var status = ParseStatus(d.Status, "status", v, IncidentStatus.Investigating);
        var components = ParseComponents(d.Components, config, v);
        var impact = d.Impact is null ? StatusCalculator.ImpactOf(components.Values) : ParseImpact(d.Impact, "impact", v);
        var backfill = d.StartedAt is not null || d.ResolvedAt is not null;
        if (backfill)
        {
            CheckBackfillTimes(d, now, v);
        }
        else if (status == IncidentStatus.Resolved)
        {
            v.Add("status", "A new incident cannot start resolved; give started_at and resolved_at to backfill a past one.");
        }

        if (!v.IsValid || name is null || message is null)
        {
            return null;
        }

        var resolution = string.IsNullOrWhiteSpace(d.ResolutionMessage) ? "This incident has been resolved." : d.ResolutionMessage.Trim();
        // A backfilled incident is history: nothing of it is news to post.
        return backfill
            ? Incident.Backfill(name, components, message, d.StartedAt!.Value, d.ResolvedAt!.Value, resolution, now, impact)
            : d.Social ? Incident.Open(name, status, components, message, now, impact).ShareNewest() : Incident.Open(name, status, components, message, now, impact);
    }

    public static Incident? PostUpdate(Incident i, UpdateDraft d, SiteCatalog config, DateTimeOffset now, Validation v)
    {
        // On a closed incident, an update that names no open status is a late note: it must not reopen the incident
        // or move its resolve time. Naming investigating, identified or monitoring reopens it on purpose.
        if (!i.IsOpen && (string.IsNullOrEmpty(d.Status) || d.Status is "resolved" or "postmortem"))
        {
            if (d.Components.Values.Any(c => c != "operational") || d.Impact is not null)
            {
                v.Add("status", "A note on a resolved incident changes no component or impact; choose a status to reopen it.");
            }

            return AddLateNote(i, d.Message, d.Social, now, v);
        }

        var message = v.Required("message", d.Message, MaxMessage);
        var status = ParseStatus(d.Status, "status", v, i.IsOpen ? i.Status : IncidentStatus.Investigating);
        var changes = ParseComponents(d.Components, config, v);
        var impact = d.Impact is null ? i.Impact : ParseImpact(d.Impact, "impact", v);
        if (!v.IsValid || message is null)
        {
            return null;
        }

        var posted = i.Post(status, message, changes, now, impact);
        return d.Social ? posted.ShareNewest() : posted;
    }

    public static Incident? Resolve(Incident i, string? message, SiteCatalog config, DateTimeOffset now, Validation v)
    {
        if (!i.IsOpen)
        {
            v.Add("status", "The incident is already resolved.");
            return null;
        }

        return PostUpdate(i, new UpdateDraft { Status = "resolved", Message = string.IsNullOrWhiteSpace(message) ? "This incident has been resolved." : message }, config, now, v);
    }

    /// <summary>Writes (or rewrites) the postmortem; publishing it moves a resolved incident to the postmortem status.</summary>
    public static Incident? Postmortem(Incident i, string? body, bool publish, DateTimeOffset now, Validation v)
    {
        var text = v.Required("body", body, 100_000);
        if (i.IsOpen)
        {
            v.Add("status", "Resolve the incident before writing its postmortem.");
        }

        if (!v.IsValid)
        {
            return null;
        }

        return i.WritePostmortem(text!, publish, now);
    }

    /// <summary>A postscript on a resolved incident: it stays resolved, with its resolve time, and the note is marked "added later".</summary>
    public static Incident? AddLateNote(Incident i, string? message, bool social, DateTimeOffset now, Validation v)
    {
        var text = v.Required("message", message, MaxMessage);
        if (i.IsOpen)
        {
            v.Add("status", "The incident is still open; post an update instead.");
        }

        if (!v.IsValid || text is null)
        {
            return null;
        }

        var noted = i.AddLateNote(text, now);
        return social ? noted.ShareNewest() : noted;
    }

    /// <summary>Corrects an update's text; the old text stays in the audit log.</summary>
    public static Incident? EditUpdate(Incident i, string updateId, string? message, DateTimeOffset now, Validation v)
    {
        var text = v.Required("message", message, MaxMessage);
        var update = i.Updates.FirstOrDefault(u => u.Id == updateId);
        if (update is null)
        {
            v.Add("update_id", $"The incident has no update '{updateId}'.");
        }

        if (!v.IsValid || update is null || text is null)
        {
            return null;
        }

        return i.EditUpdate(updateId, text, now);
    }

    /// <summary>Removes an update posted by mistake; the last remaining one cannot go (an incident always says something).</summary>
    public static Incident? DeleteUpdate(Incident i, string updateId, DateTimeOffset now, Validation v)
    {
        if (i.Updates.All(u => u.Id != updateId))
        {
            v.Add("update_id", $"The incident has no update '{updateId}'.");
            return null;
        }

        if (i.Updates.Count == 1)
        {
            v.Add("update_id", "An incident keeps at least one update.");
            return null;
        }

        return i.DeleteUpdate(updateId, now);
    }

    private static void CheckBackfillTimes(IncidentDraft d, DateTimeOffset now, Validation v)
    {
        if (d.StartedAt is null)
        {
            v.Add("started_at", "A backfilled incident needs both started_at and resolved_at.");
        }

        if (d.ResolvedAt is null)
        {
            v.Add("resolved_at", "A backfilled incident needs both started_at and resolved_at.");
        }

        if (d.StartedAt is { } s && d.ResolvedAt is { } e)
        {
            if (e <= s)
            {
                v.Add("resolved_at", "resolved_at must be after started_at.");
            }

            if (e > now)
            {
                v.Add("resolved_at", "resolved_at must not be in the future.");
            }
        }
    }

    internal static Dictionary<string, ComponentStatus> ParseComponents(IReadOnlyDictionary<string, string> raw, SiteCatalog config, Validation v)
    {
        var result = new Dictionary<string, ComponentStatus>(StringComparer.Ordinal);
        foreach (var (id, s) in raw)
        {
            if (config.FindComponent(id) is null)
            {
                v.Add($"components.{id}", $"There is no component '{id}' in the config.");
            }
            else if (!WireNames.TryParse(s, out ComponentStatus status) || status == ComponentStatus.UnderMaintenance)
            {
                v.Add($"components.{id}", $"'{s}' is not an incident component status (operational, degraded_performance, partial_outage, major_outage).");
            }
            else
            {
                result[id] = status;
            }
        }

        return result;
    }

    private static IncidentStatus ParseStatus(string? raw, string field, Validation v, IncidentStatus fallback)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return fallback;
        }

        if (WireNames.TryParse(raw, out IncidentStatus s) && PostableStatuses.Contains(s))
        {
            return s;
        }

        v.Add(field, $"'{raw}' is not one of investigating, identified, monitoring, resolved.");
        return fallback;
    }

    internal static IncidentImpact ParseImpact(string raw, string field, Validation v)
    {
        if (WireNames.TryParse(raw, out IncidentImpact impact))
        {
            return impact;
        }

        v.Add(field, $"'{raw}' is not one of none, minor, major, critical.");
        return IncidentImpact.None;
    }
}
