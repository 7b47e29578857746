namespace Pharos.Domain;

/// <summary>
/// An incident as customers see it: what broke, how badly, which components, and what was said. Its changes are
/// methods that return the incident as it should be next; every writer (people and Pharos itself) uses them.
/// </summary>
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

    /// <summary>
    /// Raised by the store with every save. A save computed from an older revision is refused, so a writer that
    /// read before someone else wrote can never erase that write.
    /// </summary>
    public int Revision { get; init; }

    /// <summary>The components it names, each with the status it currently imposes.</summary>
    public IReadOnlyList<AffectedComponent> Components { get; init; } = [];

    /// <summary>Updates, newest first (Statuspage's order).</summary>
    public IReadOnlyList<IncidentUpdate> Updates { get; init; } = [];

    public bool IsOpen => Status is IncidentStatus.Investigating or IncidentStatus.Identified or IncidentStatus.Monitoring;

    /// <summary>A live incident, starting now (or at <paramref name="startedAt"/>, when monitoring saw it begin earlier).</summary>
    public static Incident Open(
        string name, IncidentStatus status, IReadOnlyDictionary<string, ComponentStatus> components, string message, DateTimeOffset now,
        IncidentImpact? impact = null, DateTimeOffset? startedAt = null, bool automated = false)
    {
        var id = Ids.New();
        var opening = IncidentUpdate.Create(id, Announce(status), message, now, now,
            components.Select(c => new ComponentChange(c.Key, ComponentStatus.Operational, c.Value)));
        return new Incident
        {
            Id = id,
            Name = name,
            Status = status,
            Impact = impact ?? StatusCalculator.ImpactOf(components.Values),
            CreatedAt = now,
            UpdatedAt = now,
            StartedAt = startedAt ?? now,
            MonitoringAt = status == IncidentStatus.Monitoring ? now : null,
            Automated = automated,
            Components = components.Select(c => new AffectedComponent(c.Key, c.Value)).ToList(),
            Updates = [opening],
        };
    }

    /// <summary>A past incident entered after the fact: it opens at <paramref name="startedAt"/> and is resolved at <paramref name="resolvedAt"/>.</summary>
    public static Incident Backfill(
        string name, IReadOnlyDictionary<string, ComponentStatus> components, string message, DateTimeOffset startedAt,
        DateTimeOffset resolvedAt, string resolution, DateTimeOffset now, IncidentImpact? impact = null)
    {
        var id = Ids.New();
        var opening = IncidentUpdate.Create(id, UpdateStatus.Investigating, message, startedAt, now,
            components.Select(c => new ComponentChange(c.Key, ComponentStatus.Operational, c.Value)));
        var closing = IncidentUpdate.Create(id, UpdateStatus.Resolved, resolution, resolvedAt, now,
            components.Where(c => c.Value != ComponentStatus.Operational).Select(c => new ComponentChange(c.Key, c.Value, ComponentStatus.Operational)));
        return new Incident
        {
            Id = id,
            Name = name,
            Status = IncidentStatus.Resolved,
            Impact = impact ?? StatusCalculator.ImpactOf(components.Values),
            CreatedAt = now,
            UpdatedAt = now,
            StartedAt = startedAt,
            ResolvedAt = resolvedAt,
            Backfilled = true,
            Components = components.Select(c => new AffectedComponent(c.Key, ComponentStatus.Operational)).ToList(),
            Updates = [closing, opening],
        };
    }

    /// <summary>Marks the newest update to be posted to the social channels too.</summary>
    public Incident ShareNewest() => Updates.Count == 0 ? this : this with { Updates = [Updates[0] with { Social = true }, .. Updates.Skip(1)] };

    /// <summary>
    /// Posts an update announcing <paramref name="status"/>, moving the named components. Resolving gives every
    /// named component back: a resolved incident holds none of them down.
    /// </summary>
    public Incident Post(IncidentStatus status, string message, IReadOnlyDictionary<string, ComponentStatus> changes, DateTimeOffset now, IncidentImpact? impact = null)
    {
        var at = ChangeTime.After(UpdatedAt, now);
        var current = Components.ToDictionary(c => c.ComponentId, c => c.Status, StringComparer.Ordinal);
        var next = new Dictionary<string, ComponentStatus>(current, StringComparer.Ordinal);
        foreach (var (id, s) in changes)
        {
            next[id] = s;
        }

        if (status == IncidentStatus.Resolved)
        {
            foreach (var id in next.Keys.ToList())
            {
                next[id] = ComponentStatus.Operational;
            }
        }

        var recorded = next.Where(n => !current.TryGetValue(n.Key, out var old) || old != n.Value)
            .Select(n => new ComponentChange(n.Key, current.GetValueOrDefault(n.Key, ComponentStatus.Operational), n.Value));
        return this with
        {
            Status = status,
            Impact = impact ?? Impact,
            UpdatedAt = at,
            MonitoringAt = status == IncidentStatus.Monitoring ? MonitoringAt ?? at : MonitoringAt,
            ResolvedAt = status == IncidentStatus.Resolved ? at : null,
            Components = next.Select(n => new AffectedComponent(n.Key, n.Value)).OrderBy(c => c.ComponentId, StringComparer.Ordinal).ToList(),
            Updates = [IncidentUpdate.Create(Id, Announce(status), message, at, at, recorded), .. Updates],
        };
    }

    /// <summary>Closes the incident with a last update.</summary>
    public Incident Resolve(string message, DateTimeOffset now) =>
        Post(IncidentStatus.Resolved, message, new Dictionary<string, ComponentStatus>(), now);

    /// <summary>Writes (or rewrites) the postmortem; publishing it moves a resolved incident to the postmortem status.</summary>
    public Incident WritePostmortem(string body, bool publish, DateTimeOffset now)
    {
        var at = ChangeTime.After(UpdatedAt, now);
        return this with
        {
            PostmortemBody = body,
            PostmortemPublishedAt = publish ? PostmortemPublishedAt ?? at : PostmortemPublishedAt,
            Status = publish ? IncidentStatus.Postmortem : Status,
            UpdatedAt = at,
        };
    }

    /// <summary>
    /// A note on a closed incident ("it turned out data was lost"): a postscript that keeps it closed, its resolve
    /// time and components as they were, stamped with its own time and marked as added later.
    /// </summary>
    public Incident AddLateNote(string message, DateTimeOffset now)
    {
        if (IsOpen)
        {
            throw new InvalidOperationException("A late note is for a closed incident; post an update on an open one.");
        }

        var at = ChangeTime.After(UpdatedAt, now);
        var note = IncidentUpdate.Create(Id, Announce(Status), message, at, at, []) with { AddedLater = true };
        return this with { UpdatedAt = at, Updates = [note, .. Updates] };
    }

    /// <summary>Corrects an update's text, marking it edited at this time; the old text stays in the audit log.</summary>
    public Incident EditUpdate(string updateId, string body, DateTimeOffset now)
    {
        var at = ChangeTime.After(UpdatedAt, now);
        return this with { UpdatedAt = at, Updates = Updates.Select(u => u.Id == updateId ? u with { Body = body, UpdatedAt = at, EditedAt = at } : u).ToList() };
    }

    /// <summary>Removes an update posted by mistake.</summary>
    public Incident DeleteUpdate(string updateId, DateTimeOffset now) =>
        this with { UpdatedAt = ChangeTime.After(UpdatedAt, now), Updates = Updates.Where(u => u.Id != updateId).ToList() };

    /// <summary>The status an update announcing this incident status carries.</summary>
    public static UpdateStatus Announce(IncidentStatus status) => status switch
    {
        IncidentStatus.Investigating => UpdateStatus.Investigating,
        IncidentStatus.Identified => UpdateStatus.Identified,
        IncidentStatus.Monitoring => UpdateStatus.Monitoring,
        IncidentStatus.Resolved => UpdateStatus.Resolved,
        IncidentStatus.Postmortem => UpdateStatus.Postmortem,
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}
