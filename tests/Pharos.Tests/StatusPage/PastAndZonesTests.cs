using AngleSharp.Html.Parser;
using Pharos.StatusPage;
using Pharos.Tests.Support;

namespace Pharos.Tests.StatusPage;

/// <summary>The Past tells finished maintenance beside incidents, and times show in the site's extra zones.</summary>
public sealed class PastAndZonesTests
{
    private static string Yaml => TestConfigs.Basic.Replace("  page_id: testpage0001", "  page_id: testpage0001\n  extra_time_zones: [America/New_York, Etc/GMT]", StringComparison.Ordinal);

    [Fact]
    public async Task Past_and_history_list_finished_maintenance_by_day_beside_incidents_and_the_feeds_carry_maintenance()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        var now = DateTimeOffset.UtcNow;
        var from = now.AddDays(-2).AddHours(-1);
        var done = Samples.Maintenance("mntdone00001", from, from.AddHours(1), now.AddDays(-5), "forum") with { Name = "Regular Maintenance to free up space" };
        var ahead = Samples.Maintenance("mntahead0001", now.AddDays(3), now.AddDays(3).AddHours(2), now.AddHours(-1), "app") with { Name = "Network upgrade" };
        await app.Store.SeedMaintenanceAsync(done);
        await app.Store.SeedMaintenanceAsync(ahead);
        await app.Store.SeedIncidentAsync(Samples.Incident("inc000000001", now.AddDays(-1), now.AddDays(-1).AddHours(1), name: "Slow checkout"));
        await app.RefreshAsync();
        var day = app.Snapshot.Times.DayOf(from).ToString("uuuu-MM-dd", null);

        var home = new HtmlParser().ParseDocument(await app.Client.GetStringAsync("/"));
        var past = home.QuerySelector("#past")!;
        var card = past.QuerySelector($"section.day[data-day='{day}'] [data-maintenance-id='mntdone00001']").ShouldNotBeNull();
        card.GetAttribute("data-maintenance-status").ShouldBe("completed");
        card.TextContent.ShouldContain("Regular Maintenance to free up space");
        past.QuerySelector("[data-incident-id='inc000000001']").ShouldNotBeNull();
        past.QuerySelector("[data-maintenance-id='mntahead0001']").ShouldBeNull();
        home.QuerySelector("#future [data-maintenance-id='mntahead0001']").ShouldNotBeNull();

        var history = new HtmlParser().ParseDocument(await app.Client.GetStringAsync("/history"));
        history.QuerySelector($"section.day[data-day='{day}'] [data-maintenance-id='mntdone00001']").ShouldNotBeNull();
        history.QuerySelector("[data-incident-id='inc000000001']").ShouldNotBeNull();

        var atom = await app.Client.GetStringAsync("/history.atom");
        atom.ShouldContain("Maintenance: Regular Maintenance to free up space \u2014 Completed");
        atom.ShouldContain("Maintenance: Network upgrade \u2014 Scheduled");
        atom.ShouldContain("/maintenance/mntahead0001/update/mntahead0001-s");
        atom.ShouldContain("Window: ");
        atom.ShouldContain("New York: ");
        var rss = await app.Client.GetStringAsync("/history.rss");
        rss.ShouldContain("Maintenance: Regular Maintenance to free up space \u2014 Completed");
        rss.ShouldContain("http://status.test.example/maintenance/mntdone00001");
    }

    [Fact]
    public void A_window_across_the_New_York_spring_change_names_EST_then_EDT_in_the_extra_zone()
    {
        // 2026-03-08 02:00 EST the clocks jump to 03:00 EDT (07:00 UTC); Los Angeles is still on PST then.
        var times = new TimeDisplay("America/Los_Angeles", "en", ["America/New_York", "Etc/GMT"]);
        var start = new DateTimeOffset(2026, 3, 8, 6, 30, 0, TimeSpan.Zero);
        var end = new DateTimeOffset(2026, 3, 8, 7, 30, 0, TimeSpan.Zero);
        times.Extra.Select(z => z.ZoneLabel).ShouldBe(["New York", "GMT"]);
        times.Extra[0].Range(start, end).ShouldBe("Mar 8, 2026 01:30 EST (UTC\u22125) \u2013 03:30 EDT (UTC\u22124)");
        times.Extra[1].Range(start, end).ShouldBe("Mar 8, 2026 06:30 GMT (UTC) \u2013 07:30 GMT (UTC)");
        times.Range(start, end).ShouldBe("Mar 7, 2026 22:30 PST (UTC\u22128) \u2013 23:30 PST (UTC\u22128)");
        times.ShownZoneIds.ShouldBe(["America/Los_Angeles", "Etc/UTC", "America/New_York", "Etc/GMT"]);
    }

    [Fact]
    public async Task Maintenance_and_incident_times_show_each_extra_zone_with_its_own_offset_at_each_end()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        // A window still ahead (so it is loaded whatever the date): New York springs forward at 07:00 UTC on 2027-03-14.
        var start = new DateTimeOffset(2027, 3, 14, 6, 30, 0, TimeSpan.Zero);
        var window = Samples.Maintenance("mntdst000001", start, start.AddHours(1), DateTimeOffset.UtcNow, "app") with { Name = "Across the change" };
        await app.Store.SeedMaintenanceAsync(window);
        await app.Store.SeedIncidentAsync(Samples.Incident("incdst000001", new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 1, 6, 30, 0, TimeSpan.Zero)));
        await app.RefreshAsync();

        var m = new HtmlParser().ParseDocument(await app.Client.GetStringAsync("/maintenance/mntdst000001"));
        var when = m.QuerySelector("p.when")!;
        when.GetAttribute("data-start").ShouldBe("2027-03-14T06:30:00.000Z");
        when.QuerySelector("[data-zone='America/New_York']")!.TextContent.ShouldContain("Mar 14, 2027 01:30 EST (UTC\u22125) \u2013 03:30 EDT (UTC\u22124)");
        when.QuerySelector("[data-zone='Etc/GMT']")!.TextContent.ShouldContain("06:30 GMT (UTC)");
        m.QuerySelector("main")!.GetAttribute("data-shown-zones").ShouldBe("America/Los_Angeles Etc/UTC America/New_York Etc/GMT");
        m.QuerySelector("script[src^='/assets/status.js']").ShouldNotBeNull("the script that adds the reader's zone is on every page");

        // New York falls back at 06:00 UTC on 2026-11-01: 01:30 EDT, then 01:30 EST an hour later.
        var i = new HtmlParser().ParseDocument(await app.Client.GetStringAsync("/incidents/incdst000001"));
        i.QuerySelector("p.when [data-zone='America/New_York']")!.TextContent.ShouldContain("Nov 1, 2026 01:30 EDT (UTC\u22124) \u2013 01:30 EST (UTC\u22125)");
        i.QuerySelectorAll(".update-when [data-zone='America/New_York']").Length.ShouldBe(2);
    }
}
