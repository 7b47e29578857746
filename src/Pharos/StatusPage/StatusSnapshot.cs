using NodaTime;
using Pharos.Config;
using Pharos.Domain;
using Pharos.Localization;

namespace Pharos.StatusPage;

/// <summary>
/// Everything the public site shows, computed once per change. Pages and API responses are rendered from it,
/// never from the database, so a page view costs no query and a database outage leaves the last good copy.
/// A page renders from a language's view of it (<see cref="In"/>): the same data with that language's words,
/// dates and links.
/// </summary>
public sealed record StatusSnapshot
{
    public required SiteCatalog Config { get; init; }

    /// <summary>When this snapshot was taken: the "statuses current as of" time.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    public required long DataVersion { get; init; }

    public required TimeDisplay Times { get; init; }

    /// <summary>All loaded incidents, newest start first.</summary>
    public required IReadOnlyList<Incident> Incidents { get; init; }

    /// <summary>All loaded maintenances, earliest window first.</summary>
    public required IReadOnlyList<Maintenance> Maintenances { get; init; }

    /// <summary>Shown status of every component and group, by id.</summary>
    public required IReadOnlyDictionary<string, ComponentStatus> Statuses { get; init; }

    /// <summary>When each component's or group's shown status last changed, as far as the data tells.</summary>
    public required IReadOnlyDictionary<string, DateTimeOffset> StatusSince { get; init; }

    public required PageIndicator Indicator { get; init; }

    /// <summary>The monitor's component-status version this snapshot reflects; a change makes the refresher republish.</summary>
    public long HealthVersion { get; init; }

    /// <summary>90-day uptime bars and response-time charts, computed with the snapshot.</summary>
    public Monitoring.History.MonitoringView Monitoring { get; init; } = Pharos.Monitoring.History.MonitoringView.Empty;
    /// <summary>Since when the page and its components exist (Statuspage's created_at).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    public string Description => StatusCalculator.DescriptionOf(Indicator);

    /// <summary>The words the page is written in; the site's language until <see cref="In"/> picks another.</summary>
    public Texts Texts { get; init; } = Texts.English;

    /// <summary>"" for an address whose language was negotiated, "/de" for one that names it: internal links keep it.</summary>
    public string PathPrefix { get; init; } = "";

    /// <summary>The page's own address without the language prefix, for the language switcher's links.</summary>
    public string SelfPath { get; init; } = "/";

    /// <summary>The same snapshot for a page in a language, under a prefix ("" or "/de"), at an address.</summary>
    public StatusSnapshot In(Texts texts, string prefix, string selfPath) =>
        this with { Texts = texts, Times = Times.In(texts), PathPrefix = prefix, SelfPath = selfPath };

    /// <summary>An internal link that keeps the page's language prefix.</summary>
    public string Link(string path) => PathPrefix + path;

    public IEnumerable<Incident> Unresolved => Incidents.Where(i => i.IsOpen);

    /// <summary>Upcoming (scheduled) and in-progress maintenance, soonest first.</summary>
    public IEnumerable<Maintenance> UpcomingOrActive => Maintenances.Where(m => m.Status != MaintenanceStatus.Completed).OrderBy(m => m.ScheduledFor);

    public Incident? FindIncident(string id) => Incidents.FirstOrDefault(i => i.Id == id);

    public Maintenance? FindMaintenance(string id) => Maintenances.FirstOrDefault(m => m.Id == id);

    public ComponentStatus StatusOf(string id) => Statuses.TryGetValue(id, out var s) ? s : ComponentStatus.Operational;

    public string ComponentName(string id) =>
        Config.FindComponent(id)?.Name ?? Config.Groups.FirstOrDefault(g => g.Id == id)?.Name ?? id;

    /// <summary>The groups in page order, each with its visible components; ungrouped components come as a null group.</summary>
    public IEnumerable<(ComponentGroupConfig? Group, IReadOnlyList<ComponentConfig> Components)> Layout()
    {
        bool Visible(ComponentConfig c) => !c.OnlyShowIfDegraded || StatusOf(c.Id) != ComponentStatus.Operational;

        var blocks = new List<(int Order, ComponentGroupConfig? Group, IReadOnlyList<ComponentConfig> Components)>();
        foreach (var g in Config.Groups)
        {
            var members = Config.Components.Where(c => c.GroupId == g.Id && Visible(c)).OrderBy(c => c.Order).ToList();
            if (members.Count > 0)
            {
                blocks.Add((g.Order, g, members));
            }
        }

        foreach (var c in Config.Components.Where(c => c.GroupId is null && Visible(c)))
        {
            blocks.Add((c.Order, null, [c]));
        }

        return blocks.OrderBy(b => b.Order).Select(b => (b.Group, b.Components));
    }

    /// <summary>Incidents and finished maintenance by day, newest day first, for the days in [from, to].</summary>
    public IReadOnlyList<PastDay> PastByDay(LocalDate from, LocalDate to, bool includeEmptyDays) => PastEntry.ByDay(this, from, to, includeEmptyDays);

    public LocalDate Today => Times.DayOf(GeneratedAt);

    /// <summary>The oldest day the Past has anything on (an incident or a finished maintenance), for the history's pager.</summary>
    public LocalDate? OldestPastDay
    {
        get
        {
            var times = Incidents.Select(i => i.StartedAt)
                .Concat(Maintenances.Where(m => m.Status == MaintenanceStatus.Completed).Select(PastEntry.PlaceOf))
                .ToList();
            return times.Count == 0 ? null : Times.DayOf(times.Min());
        }
    }
}
