using System.Text;
using System.Xml.Linq;
using Pharos.Domain;
using Pharos.StatusPage.Feeds;
using Pharos.Markdown;
using Pharos.StatusPage;
using Pharos.Storage;
using Pharos.Tests.Api;
using Pharos.Tests.Support;

namespace Pharos.Tests.Feeds;

public class FeedTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private readonly StatusSnapshot _snapshot = StatuspageApiGoldenTests.FixedSnapshot();
    private readonly HistoryFeeds _feeds = new(new MarkdownRenderer());

    [Fact]
    public void Atom_feed_has_one_entry_per_update_with_stable_ids()
    {
        var doc = XDocument.Parse(_feeds.Atom(_snapshot));
        doc.Root!.Name.ShouldBe(Atom + "feed");
        var entries = doc.Root.Elements(Atom + "entry").ToList();
        entries.Count.ShouldBe(_snapshot.Incidents.Sum(i => i.Updates.Count) + _snapshot.Maintenances.Sum(m => m.Updates.Count));
        entries.Select(e => e.Element(Atom + "id")!.Value).Distinct().Count().ShouldBe(entries.Count);
        entries.ShouldAllBe(e => e.Element(Atom + "updated") != null && e.Element(Atom + "title") != null && e.Element(Atom + "link") != null);
        var again = XDocument.Parse(_feeds.Atom(_snapshot)).Root!.Elements(Atom + "entry").Select(e => e.Element(Atom + "id")!.Value);
        again.ShouldBe(entries.Select(e => e.Element(Atom + "id")!.Value));
    }

    [Fact]
    public void Rss_feed_parses_with_guids()
    {
        var doc = XDocument.Parse(_feeds.Rss(_snapshot));
        doc.Root!.Name.LocalName.ShouldBe("rss");
        var items = doc.Root.Element("channel")!.Elements("item").ToList();
        items.Count.ShouldBe(_snapshot.Incidents.Sum(i => i.Updates.Count) + _snapshot.Maintenances.Sum(m => m.Updates.Count));
        items.ShouldAllBe(i => i.Element("guid")!.Attribute("isPermaLink")!.Value == "false");
        foreach (var item in items)
        {
            DateTimeOffset.TryParse(item.Element("pubDate")!.Value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _).ShouldBeTrue();
        }
    }

    [Fact]
    public void Script_in_an_update_stays_inert_in_the_feed()
    {
        var s = Snapshot(Samples.Incident("x00000000001", DateTimeOffset.UtcNow, body: "<script>alert(1)</script> [x](javascript:alert(2))"));
        var content = XDocument.Parse(_feeds.Atom(s)).Root!.Element(Atom + "entry")!.Element(Atom + "content")!.Value;
        content.ShouldNotContain("<script");
        content.ShouldNotContain("javascript:");
    }

    [Fact]
    public void Calendar_has_one_event_per_window_and_valid_lines()
    {
        var ics = new MaintenanceCalendar(new MarkdownRenderer()).Render(_snapshot);
        ics.ShouldStartWith("BEGIN:VCALENDAR\r\n");
        ics.ShouldEndWith("END:VCALENDAR\r\n");
        var lines = ics.Split("\r\n");
        lines.Count(l => l == "BEGIN:VEVENT").ShouldBe(_snapshot.Maintenances.Count);
        lines.ShouldAllBe(l => Encoding.UTF8.GetByteCount(l) <= 75);
        var unfolded = ics.Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n");
        unfolded.ShouldContain("UID:mnt000000002@status.test.example");
        unfolded.ShouldContain(l => l.StartsWith("DTSTART:20260310T180000Z", StringComparison.Ordinal));
        unfolded.ShouldContain(l => l.StartsWith("SEQUENCE:", StringComparison.Ordinal));
    }

    [Fact]
    public void Calendar_sequence_rises_when_a_window_changes()
    {
        var calendar = new MaintenanceCalendar(new MarkdownRenderer());
        var t = DateTimeOffset.UtcNow;
        var m = Samples.Maintenance("seq000000001", t.AddDays(1), t.AddDays(1).AddHours(1), t);
        string Seq(Maintenance x) => calendar.Render(Snapshot(null, x)).Split("\r\n").Single(l => l.StartsWith("SEQUENCE:", StringComparison.Ordinal));
        var before = Seq(m);
        var after = Seq(m.Advance(t.AddDays(1).AddMinutes(1)));
        before.ShouldBe("SEQUENCE:0");
        after.ShouldBe("SEQUENCE:1");
    }

    [Fact]
    public void Calendar_escapes_text()
    {
        var t = DateTimeOffset.UtcNow;
        var m = Samples.Maintenance("esc000000001", t.AddDays(1), t.AddDays(1).AddHours(1), t) with { Name = "DB; cache, and\nmore" };
        var ics = new MaintenanceCalendar(new MarkdownRenderer()).Render(Snapshot(null, m)).Replace("\r\n ", "", StringComparison.Ordinal);
        ics.ShouldContain("SUMMARY:DB\\; cache\\, and\\nmore\r\n");
    }

    private static StatusSnapshot Snapshot(Incident? incident, Maintenance? maintenance = null)
    {
        var config = ConfigLoader.Load(TestConfigs.Basic, "pharos.yaml");
        return SnapshotBuilder.Build(config, new StatusData(1, incident is null ? [] : [incident], maintenance is null ? [] : [maintenance]), DateTimeOffset.UtcNow);
    }
}
