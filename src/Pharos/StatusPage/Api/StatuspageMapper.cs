using System.Text.Json;
using System.Text.Json.Serialization;
using Pharos.Domain;

namespace Pharos.StatusPage.Api;

/// <summary>Maps a snapshot to Statuspage v2 documents.</summary>
public sealed class StatuspageMapper(StatusSnapshot s)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
    };

    /// <summary>Statuspage returns at most this many incidents and maintenances from the list endpoints.</summary>
    public const int ListLimit = 50;

    private readonly TimeDisplay _t = s.Times;

    public PageDto Page() => new(
        s.Config.Site.PageId,
        s.Config.Site.Name,
        s.Config.Site.PublicUrl.ToString().TrimEnd('/'),
        s.Config.Site.TimeZone,
        _t.Iso(LastUpdate()));

    public StatusDto Status() => new(WireNames.Of(s.Indicator), s.Description);

    public IReadOnlyList<ComponentDto> Components()
    {
        var list = new List<ComponentDto>();
        foreach (var c in s.Config.Components.OrderBy(c => c.Order))
        {
            list.Add(Component(c.Id));
        }

        foreach (var g in s.Config.Groups.OrderBy(g => g.Order))
        {
            list.Add(Component(g.Id));
        }

        return list;
    }

    public ComponentDto Component(string id)
    {
        var group = s.Config.Groups.FirstOrDefault(g => g.Id == id);
        var since = _t.Iso(s.StatusSince.TryGetValue(id, out var t) ? t : s.CreatedAt);
        var created = _t.Iso(s.CreatedAt);
        if (group is not null)
        {
            return new ComponentDto(group.Id, group.Name, WireNames.Of(s.StatusOf(group.Id)), created, since, group.Order, group.Description, false, null, null, s.Config.Site.PageId, true, false)
            {
                Components = s.Config.Components.Where(c => c.GroupId == group.Id).OrderBy(c => c.Order).Select(c => c.Id).ToList(),
            };
        }

        var c = s.Config.FindComponent(id) ?? throw new KeyNotFoundException(id);
        return new ComponentDto(c.Id, c.Name, WireNames.Of(s.StatusOf(c.Id)), created, since, c.Order, c.Description, true, null, c.GroupId, s.Config.Site.PageId, false, c.OnlyShowIfDegraded);
    }

    public IncidentDto Incident(Incident i) => new(
        i.Id,
        i.Name,
        WireNames.Of(i.Status),
        WireNames.Of(i.Impact),
        _t.Iso(i.CreatedAt),
        _t.Iso(i.UpdatedAt),
        _t.Iso(i.StartedAt),
        Iso(i.MonitoringAt),
        Iso(i.ResolvedAt),
        Link("incidents", i.Id),
        s.Config.Site.PageId,
        i.Updates.Select(u => Update(u, i.Id)).ToList(),
        i.Components.Where(c => s.Config.FindComponent(c.ComponentId) is not null).Select(c => Component(c.ComponentId)).ToList(),
        i.PostmortemBody,
        Iso(i.PostmortemPublishedAt));

    public MaintenanceDto Maintenance(Maintenance m) => new(
        m.Id,
        m.Name,
        WireNames.Of(m.Status),
        "maintenance",
        _t.Iso(m.CreatedAt),
        _t.Iso(m.UpdatedAt),
        _t.Iso(m.StartedAt ?? m.ScheduledFor),
        null,
        Iso(m.CompletedAt),
        Link("maintenance", m.Id),
        s.Config.Site.PageId,
        _t.Iso(m.ScheduledFor),
        _t.Iso(m.ScheduledUntil),
        m.AutoStart,
        m.AutoComplete,
        m.Updates.Select(u => Update(u, m.Id)).ToList(),
        m.ComponentIds.Where(c => s.Config.FindComponent(c) is not null).Select(Component).ToList());

    public SummaryDto Summary() => new(
        Page(),
        Components(),
        s.Unresolved.Select(Incident).ToList(),
        s.UpcomingOrActive.Select(Maintenance).ToList(),
        Status());

    public IncidentsResponseDto Incidents(bool unresolvedOnly) => new(
        Page(),
        (unresolvedOnly ? s.Unresolved : s.Incidents).Take(ListLimit).Select(Incident).ToList());

    public MaintenancesResponseDto Maintenances(Func<Maintenance, bool> filter) => new(
        Page(),
        s.Maintenances.Where(filter).OrderByDescending(m => m.ScheduledFor).Take(ListLimit).Select(Maintenance).ToList());

    private IncidentUpdateDto Update(IncidentUpdate u, string parentId) => new(
        u.Id,
        WireNames.Of(u.Status),
        u.Body,
        parentId,
        _t.Iso(u.CreatedAt),
        _t.Iso(u.UpdatedAt),
        _t.Iso(u.DisplayAt),
        u.ComponentChanges.Count == 0 ? null : u.ComponentChanges.Select(c => new AffectedComponentDto(c.ComponentId, s.ComponentName(c.ComponentId), WireNames.Of(c.OldStatus), WireNames.Of(c.NewStatus))).ToList(),
        true,
        null,
        null,
        u.AddedLater,
        Iso(u.EditedAt));

    private string? Iso(DateTimeOffset? t) => t is null ? null : _t.Iso(t.Value);

    private string Link(string kind, string id) => new Uri(s.Config.Site.PublicUrl, $"{kind}/{id}").ToString();

    private DateTimeOffset LastUpdate()
    {
        var last = s.CreatedAt;
        foreach (var i in s.Incidents)
        {
            last = i.UpdatedAt > last ? i.UpdatedAt : last;
        }

        foreach (var m in s.Maintenances)
        {
            last = m.UpdatedAt > last ? m.UpdatedAt : last;
        }

        return last;
    }
}
