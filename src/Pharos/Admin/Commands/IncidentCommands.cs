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

    public static Incident? Create(IncidentDraft d, PharosConfig config, DateTimeOffset now, Validation v)
    {
        var name = v.Required("name", d.Name, MaxName);
        var message = v.Required("message", d.Message, MaxMessage);
        var status = ParseStatus(d.Status, "status", v, IncidentStatus.Investigating);
        var components = ParseComponents(d.Components, config, v);
        var impact = d.Impact is null ? ImpactFrom(components.Values) : ParseImpact(d.Impact, "impact", v);
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

        var id = Ids.New();
        var start = d.StartedAt ?? now;
        var opening = Update(id, WireNames.Of(backfill ? IncidentStatus.Investigating : status), message, start, now,
            components.Select(c => new ComponentChange(c.Key, ComponentStatus.Operational, c.Value)));
        var incident = new Incident
        {
            Id = id,
            Name = name,
            Status = backfill ? IncidentStatus.Resolved : status,
            Impact = impact,
            CreatedAt = now,
            UpdatedAt = now,
            StartedAt = start,
            MonitoringAt = !backfill && status == IncidentStatus.Monitoring ? now : null,
            Backfilled = backfill,
            Components = components.Select(c => new AffectedComponent(c.Key, backfill ? ComponentStatus.Operational : c.Value)).ToList(),
            Updates = [opening],
        };
        if (backfill)
        {
            var end = d.ResolvedAt!.Value;
            var closing = Update(id, WireNames.Of(IncidentStatus.Resolved), string.IsNullOrWhiteSpace(d.ResolutionMessage) ? "This incident has been resolved." : d.ResolutionMessage.Trim(),
                end, now, components.Where(c => c.Value != ComponentStatus.Operational).Select(c => new ComponentChange(c.Key, c.Value, ComponentStatus.Operational)));
            incident = incident with { ResolvedAt = end, Updates = [closing, opening] };
        }

        return incident;
    }

    public static Incident? PostUpdate(Incident i, UpdateDraft d, PharosConfig config, DateTimeOffset now, Validation v)
    {
        var message = v.Required("message", d.Message, MaxMessage);
        var status = ParseStatus(d.Status, "status", v, i.IsOpen ? i.Status : IncidentStatus.Investigating);
        var changes = ParseComponents(d.Components, config, v);
        var impact = d.Impact is null ? i.Impact : ParseImpact(d.Impact, "impact", v);
        if (!v.IsValid || message is null)
        {
            return null;
        }

        var at = Tick(i.UpdatedAt, now);
        var current = i.Components.ToDictionary(c => c.ComponentId, c => c.Status, StringComparer.Ordinal);
        var next = new Dictionary<string, ComponentStatus>(current, StringComparer.Ordinal);
        foreach (var (id, s) in changes)
        {
            next[id] = s;
        }

        if (status == IncidentStatus.Resolved)
        {
            // Resolving gives every named component back: the incident no longer holds any of them down.
            foreach (var id in next.Keys.ToList())
            {
                next[id] = ComponentStatus.Operational;
            }
        }

        var recorded = next.Where(n => !current.TryGetValue(n.Key, out var old) || old != n.Value)
            .Select(n => new ComponentChange(n.Key, current.GetValueOrDefault(n.Key, ComponentStatus.Operational), n.Value));
        var update = Update(i.Id, WireNames.Of(status), message, at, at, recorded);
        return i with
        {
            Status = status,
            Impact = impact,
            UpdatedAt = at,
            MonitoringAt = status == IncidentStatus.Monitoring ? i.MonitoringAt ?? at : i.MonitoringAt,
            ResolvedAt = status == IncidentStatus.Resolved ? at : null,
            Components = next.Select(n => new AffectedComponent(n.Key, n.Value)).OrderBy(c => c.ComponentId, StringComparer.Ordinal).ToList(),
            Updates = [update, .. i.Updates],
        };
    }

    public static Incident? Resolve(Incident i, string? message, PharosConfig config, DateTimeOffset now, Validation v)
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

        var at = Tick(i.UpdatedAt, now);
        return i with
        {
            PostmortemBody = text,
            PostmortemPublishedAt = publish ? i.PostmortemPublishedAt ?? at : i.PostmortemPublishedAt,
            Status = publish ? IncidentStatus.Postmortem : i.Status,
            UpdatedAt = at,
        };
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

        var at = Tick(i.UpdatedAt, now);
        return i with { UpdatedAt = at, Updates = i.Updates.Select(u => u.Id == updateId ? u with { Body = text, UpdatedAt = at } : u).ToList() };
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

        return i with { UpdatedAt = Tick(i.UpdatedAt, now), Updates = i.Updates.Where(u => u.Id != updateId).ToList() };
    }

    /// <summary>Strictly after the last change, so the stale-write check can tell two quick edits apart.</summary>
    public static DateTimeOffset Tick(DateTimeOffset last, DateTimeOffset now) => now > last ? now : last.AddMilliseconds(1);

    public static IncidentImpact ImpactFrom(IEnumerable<ComponentStatus> statuses) => statuses.DefaultIfEmpty(ComponentStatus.Operational).Max() switch
    {
        ComponentStatus.MajorOutage => IncidentImpact.Critical,
        ComponentStatus.PartialOutage => IncidentImpact.Major,
        ComponentStatus.DegradedPerformance => IncidentImpact.Minor,
        _ => IncidentImpact.None,
    };

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

    internal static Dictionary<string, ComponentStatus> ParseComponents(IReadOnlyDictionary<string, string> raw, PharosConfig config, Validation v)
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

    internal static IncidentUpdate Update(string parentId, string status, string body, DateTimeOffset display, DateTimeOffset created, IEnumerable<ComponentChange> changes) => new()
    {
        Id = Ids.New(),
        ParentId = parentId,
        Status = status,
        Body = body,
        CreatedAt = created,
        UpdatedAt = created,
        DisplayAt = display,
        ComponentChanges = changes.ToList(),
    };
}
