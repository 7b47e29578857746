using Pharos.Hosting;
using Pharos.Audit;
using System.Globalization;
using NodaTime;
using Pharos.Domain;
using Pharos.Storage;

namespace Pharos.Demo;

/// <summary>
/// Writes about a year of history for the demo company, relative to today: dense in the last 90 days, with short
/// blips, long outages, a postmortem, an incident across midnight and one across the display zone's latest DST change.
/// </summary>
public static class DemoSeeder
{
    private const string SeededKey = "demo_seeded_at";

    public static async Task<bool> SeedIfEmptyAsync(IStatusStore store, IStatusWriteStore writes, PharosConfig config, DateTimeOffset now, CancellationToken ct)
    {
        if (await store.GetMetaAsync(SeededKey, ct).ConfigureAwait(false) is not null)
        {
            return false;
        }

        var (incidents, maintenances) = Generate(config, now);
        await writes.ImportAsync(incidents, maintenances, new AuditEntry
        {
            At = now,
            Actor = Actor.System("demo"),
            Action = "demo.seed",
            TargetType = "site",
            TargetId = config.Site.PageId,
            Summary = $"Generated {incidents.Count} incidents and {maintenances.Count} maintenances of demo history",
        }, ct).ConfigureAwait(false);

        await store.SetMetaAsync(SeededKey, now.ToString("O", CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        return true;
    }

    public static (List<Incident> Incidents, List<Maintenance> Maintenances) Generate(PharosConfig config, DateTimeOffset now)
    {
        var zone = DateTimeZoneProviders.Tzdb[config.Site.TimeZone];
        var known = config.Components.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var rnd = new Random(20_24);
        var incidents = new List<Incident>();
        var today = Instant.FromDateTimeOffset(now).InZone(zone).Date;

        for (var daysAgo = 365; daysAgo >= 1; daysAgo--)
        {
            if (rnd.NextDouble() >= (daysAgo <= 90 ? 0.33 : 0.08))
            {
                continue;
            }

            var day = today.PlusDays(-daysAgo);
            var start = zone.AtLeniently(day.At(new LocalTime(rnd.Next(0, 23), rnd.Next(0, 60)))).ToDateTimeOffset();
            var scenario = DemoScenarios.All[rnd.Next(DemoScenarios.All.Length)];
            var roll = rnd.NextDouble();
            var (duration, progress) = roll < 0.5 ? (TimeSpan.FromMinutes(rnd.Next(3, 16)), -1)
                : roll < 0.85 ? (TimeSpan.FromMinutes(rnd.Next(20, 121)), rnd.Next(0, 2))
                : (TimeSpan.FromMinutes(rnd.Next(180, 540)), rnd.Next(3, 7));
            incidents.Add(Build(rnd, scenario, start, duration, progress));
        }

        // Fixed stories that the demo must always tell.
        var postmortemStart = zone.AtLeniently(today.PlusDays(-34).At(new LocalTime(10, 12))).ToDateTimeOffset();
        var outage = Build(rnd, DemoScenarios.All[3], postmortemStart, TimeSpan.FromMinutes(160), 5);
        incidents.Add(outage with
        {
            Status = IncidentStatus.Postmortem,
            PostmortemBody = DemoScenarios.Postmortem,
            PostmortemPublishedAt = postmortemStart.AddDays(3),
            UpdatedAt = postmortemStart.AddDays(3),
        });

        var beforeMidnight = zone.AtLeniently(today.PlusDays(-12).At(new LocalTime(23, 25))).ToDateTimeOffset();
        incidents.Add(Build(rnd, DemoScenarios.All[2], beforeMidnight, TimeSpan.FromMinutes(130), 1));

        if (LatestTransition(zone, now) is { } change)
        {
            incidents.Add(Build(rnd, DemoScenarios.All[7], change.AddMinutes(-75), TimeSpan.FromMinutes(125), 2));
        }

        incidents.Add(Build(rnd, DemoScenarios.All[9], now.AddDays(-2).AddHours(-3), TimeSpan.FromMinutes(7), -1));
        incidents.Add(Open(rnd, DemoScenarios.All[2], now.AddMinutes(-42)));

        // With a config of one's own, only the stories about components it has are told.
        incidents.RemoveAll(i => i.Components.Any(c => !known.Contains(c.ComponentId)));
        var maintenances = Maintenances(rnd, zone, now);
        maintenances.RemoveAll(m => m.ComponentIds.Any(c => !known.Contains(c)));
        return (incidents, maintenances);
    }

    private static DateTimeOffset? LatestTransition(DateTimeZone zone, DateTimeOffset now)
    {
        var end = Instant.FromDateTimeOffset(now);
        var intervals = zone.GetZoneIntervals(end - NodaTime.Duration.FromDays(365), end).ToList();
        return intervals.Count < 2 ? null : intervals[^1].Start.ToDateTimeOffset();
    }

    private static Incident Build(Random rnd, DemoScenario s, DateTimeOffset start, TimeSpan duration, int progressUpdates)
    {
        var id = Ids.New();
        var end = start + duration;
        var updates = new List<IncidentUpdate>();
        var isBlip = progressUpdates < 0;
        void Add(IncidentStatus status, DateTimeOffset at, string body, IReadOnlyList<ComponentChange> changes) =>
            updates.Add(Update(id, Incident.Announce(status), at, body, changes));

        var down = s.Components.Select(c => new ComponentChange(c, ComponentStatus.Operational, s.Status)).ToList();
        var up = s.Components.Select(c => new ComponentChange(c, s.Status, ComponentStatus.Operational)).ToList();
        Add(IncidentStatus.Investigating, start.AddMinutes(1), s.Investigating, down);
        DateTimeOffset? monitoringAt = null;
        if (!isBlip)
        {
            var step = duration / (progressUpdates + 3);
            Add(IncidentStatus.Identified, start + step, s.Identified, []);
            for (var p = 0; p < progressUpdates; p++)
            {
                Add(IncidentStatus.Identified, start + (step * (p + 2)), DemoScenarios.Progress[rnd.Next(DemoScenarios.Progress.Length)], []);
            }

            monitoringAt = start + (step * (progressUpdates + 2));
            Add(IncidentStatus.Monitoring, monitoringAt.Value, DemoScenarios.Monitoring, []);
        }

        Add(IncidentStatus.Resolved, end, isBlip ? DemoScenarios.BlipResolved : DemoScenarios.Resolved, up);
        updates.Reverse();
        return new Incident
        {
            Id = id,
            Name = s.Name,
            Status = IncidentStatus.Resolved,
            Impact = s.Impact,
            CreatedAt = start.AddMinutes(1),
            UpdatedAt = end,
            StartedAt = start,
            MonitoringAt = monitoringAt,
            ResolvedAt = end,
            Components = s.Components.Select(c => new AffectedComponent(c, ComponentStatus.Operational)).ToList(),
            Updates = updates,
        };
    }

    private static Incident Open(Random rnd, DemoScenario s, DateTimeOffset start)
    {
        var id = Ids.New();
        var down = s.Components.Select(c => new ComponentChange(c, ComponentStatus.Operational, s.Status)).ToList();
        var monitoringAt = start.AddMinutes(31);
        List<IncidentUpdate> updates =
        [
            Update(id, UpdateStatus.Monitoring, monitoringAt, DemoScenarios.Monitoring, []),
            Update(id, UpdateStatus.Identified, start.AddMinutes(12 + rnd.Next(5)), s.Identified, []),
            Update(id, UpdateStatus.Investigating, start.AddMinutes(2), s.Investigating, down),
        ];
        return new Incident
        {
            Id = id,
            Name = s.Name,
            Status = IncidentStatus.Monitoring,
            Impact = s.Impact,
            CreatedAt = start.AddMinutes(2),
            UpdatedAt = monitoringAt,
            StartedAt = start,
            MonitoringAt = monitoringAt,
            Components = s.Components.Select(c => new AffectedComponent(c, s.Status)).ToList(),
            Updates = updates,
        };
    }

    private static IncidentUpdate Update(string parentId, UpdateStatus status, DateTimeOffset at, string body, IReadOnlyList<ComponentChange> changes) =>
        IncidentUpdate.Create(parentId, status, body, at, at, changes);

    private static List<Maintenance> Maintenances(Random rnd, DateTimeZone zone, DateTimeOffset now)
    {
        var list = new List<Maintenance>();
        var today = Instant.FromDateTimeOffset(now).InZone(zone).Date;
        for (var daysAgo = 350; daysAgo > 5; daysAgo -= 28 + rnd.Next(0, 10))
        {
            var start = zone.AtLeniently(today.PlusDays(-daysAgo).At(new LocalTime(2, 0))).ToDateTimeOffset();
            list.Add(Window("Database maintenance", ["store-admin", "billing"], start, TimeSpan.FromHours(1), now,
                "We are upgrading the database that serves the store admin and billing. The admin may be read-only for up to an hour; shops stay open."));
        }

        var upcoming = zone.AtLeniently(today.PlusDays(3).At(new LocalTime(1, 0))).ToDateTimeOffset();
        list.Add(Window("Payment gateway upgrade", ["storefront", "billing"], upcoming, TimeSpan.FromHours(2), now,
            "We will upgrade our payment gateway. Checkout may be unavailable for up to **5 minutes** during the window."));
        var later = zone.AtLeniently(today.PlusDays(10).At(new LocalTime(6, 0))).ToDateTimeOffset();
        list.Add(Window("Community forum software upgrade", ["forum"], later, TimeSpan.FromMinutes(90), now,
            "The forum moves to a new version and will be read-only during the window."));
        return list;
    }

    private static Maintenance Window(string name, string[] components, DateTimeOffset start, TimeSpan length, DateTimeOffset now, string text)
    {
        var id = Ids.New();
        var created = start.AddDays(-7) < now ? start.AddDays(-7) : now.AddHours(-1);
        var m = new Maintenance
        {
            Id = id,
            Name = name,
            Status = MaintenanceStatus.Scheduled,
            Impact = IncidentImpact.Minor,
            CreatedAt = created,
            UpdatedAt = created,
            ScheduledFor = start,
            ScheduledUntil = start + length,
            ComponentIds = components,
            Updates = [Update(id, UpdateStatus.Scheduled, created, text, [])],
        };
        return m.Advance(now);
    }
}
