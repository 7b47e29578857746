using NodaTime;
using Pharos.Demo;
using Pharos.Domain;

namespace Pharos.Tests.Demo;

public class DemoSeederTests
{
    private static readonly PharosConfig Config = ConfigLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "samples", "demo", "pharos.yaml"));

    [Theory]
    [InlineData("2026-11-21T22:00:00Z")]
    [InlineData("2027-03-09T06:00:00Z")]
    [InlineData("2026-07-01T12:00:00Z")]
    public void Demo_history_tells_every_story(string nowText)
    {
        var now = DateTimeOffset.Parse(nowText, System.Globalization.CultureInfo.InvariantCulture);
        var (incidents, maintenances) = DemoSeeder.Generate(Config, now);
        var zone = DateTimeZoneProviders.Tzdb[Config.Site.TimeZone];
        ZonedDateTime Local(DateTimeOffset t) => Instant.FromDateTimeOffset(t).InZone(zone);

        incidents.Count.ShouldBeInRange(30, 120);
        incidents.Min(i => i.StartedAt).ShouldBeLessThan(now.AddDays(-300));
        incidents.Count(i => i.StartedAt > now.AddDays(-90)).ShouldBeGreaterThan(incidents.Count(i => i.StartedAt < now.AddDays(-275)));
        incidents.Any(i => i.ResolvedAt != null && Local(i.StartedAt).Date != Local(i.ResolvedAt.Value).Date).ShouldBeTrue("an incident crossing local midnight");
        incidents.Any(i => i.ResolvedAt != null && Local(i.StartedAt).Offset != Local(i.ResolvedAt.Value).Offset).ShouldBeTrue("an incident crossing a DST change");
        incidents.ShouldContain(i => i.Status == IncidentStatus.Postmortem && i.PostmortemBody != null);
        incidents.ShouldContain(i => i.ResolvedAt - i.StartedAt < TimeSpan.FromMinutes(15), "a short blip");
        incidents.ShouldContain(i => i.Updates.Count >= 6, "a long outage with many updates");
        incidents.ShouldContain(i => i.IsOpen);
        incidents.ShouldAllBe(i => i.Updates.Count >= 1 && i.StartedAt <= now);
        maintenances.ShouldContain(m => m.Status == MaintenanceStatus.Completed);
        maintenances.ShouldContain(m => m.Status == MaintenanceStatus.Scheduled && m.ScheduledFor > now);
    }
}
