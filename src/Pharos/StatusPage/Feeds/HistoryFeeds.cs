using System.Globalization;
using System.Xml;
using Pharos.Domain;
using Pharos.Markdown;

namespace Pharos.StatusPage.Feeds;

/// <summary>
/// The history as Atom (RFC 4287) and RSS 2.0: one entry per update of an incident or a maintenance (scheduled,
/// running or finished, with its window), newest first. Late notes and corrections say so.
/// </summary>
public sealed class HistoryFeeds(MarkdownRenderer markdown)
{
    /// <summary>Feed readers poll often; the newest entries are what they need.</summary>
    public const int MaxEntries = 200;

    public string Atom(StatusSnapshot s)
    {
        var site = s.Config.Site;
        var entries = Entries(s).ToList();
        using var w = new CleanXmlWriter();
        w.WriteStartDocument();
        w.WriteStartElement("feed", "http://www.w3.org/2005/Atom");
        w.WriteAttributeString("xml", "lang", null, s.Texts.Code);
        w.WriteElementString("id", FeedIds.Feed(site, "history"));
        w.WriteElementString("title", s.Texts.FeedTitle(site.Name));
        w.WriteElementString("updated", Rfc3339(entries.Count > 0 ? entries.Max(e => e.Update.UpdatedAt) : DateTimeOffset.UnixEpoch));
        Link(w, FeedIds.Link(site, "history.atom"), "self", "application/atom+xml");
        Link(w, FeedIds.Link(site, ""), "alternate", "text/html");
        w.WriteStartElement("author");
        w.WriteElementString("name", site.Name);
        w.WriteEndElement();
        foreach (var e in entries)
        {
            w.WriteStartElement("entry");
            w.WriteElementString("id", e.Id);
            w.WriteElementString("title", Title(s.Texts, e));
            w.WriteElementString("published", Rfc3339(e.Update.DisplayAt));
            w.WriteElementString("updated", Rfc3339(e.Update.UpdatedAt));
            Link(w, FeedIds.Link(site, e.Path), "alternate", "text/html");
            w.WriteStartElement("content");
            w.WriteAttributeString("type", "html");
            w.WriteString(Content(s, e));
            w.WriteEndElement();
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndDocument();
        return w.ToString();
    }

    public string Rss(StatusSnapshot s)
    {
        var site = s.Config.Site;
        var entries = Entries(s).ToList();
        using var w = new CleanXmlWriter();
        w.WriteStartDocument();
        w.WriteStartElement("rss");
        w.WriteAttributeString("version", "2.0");
        w.WriteAttributeString("xmlns", "atom", null, "http://www.w3.org/2005/Atom");
        w.WriteStartElement("channel");
        w.WriteElementString("title", s.Texts.FeedTitle(site.Name));
        w.WriteElementString("link", FeedIds.Link(site, ""));
        w.WriteElementString("description", s.Texts.FeedDescription(site.Name));
        w.WriteElementString("language", s.Texts.Code);
        w.WriteStartElement("atom", "link", "http://www.w3.org/2005/Atom");
        w.WriteAttributeString("href", FeedIds.Link(site, "history.rss"));
        w.WriteAttributeString("rel", "self");
        w.WriteAttributeString("type", "application/rss+xml");
        w.WriteEndElement();
        if (entries.Count > 0)
        {
            w.WriteElementString("lastBuildDate", entries.Max(e => e.Update.UpdatedAt).ToString("r", CultureInfo.InvariantCulture));
        }

        foreach (var e in entries)
        {
            w.WriteStartElement("item");
            w.WriteElementString("title", Title(s.Texts, e));
            w.WriteElementString("link", FeedIds.Link(site, e.Path));
            w.WriteStartElement("guid");
            w.WriteAttributeString("isPermaLink", "false");
            w.WriteString(e.Id);
            w.WriteEndElement();
            w.WriteElementString("pubDate", e.Update.DisplayAt.ToString("r", CultureInfo.InvariantCulture));
            w.WriteElementString("description", Content(s, e));
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndDocument();
        return w.ToString();
    }

    private static IEnumerable<FeedEntry> Entries(StatusSnapshot s)
    {
        var site = s.Config.Site;
        var incidents = s.Incidents.SelectMany(i => i.Updates.Select(u => new FeedEntry(
            u, i.Name, $"incidents/{i.Id}", FeedIds.Update(site, i.Id, u.Id), i.Components.Select(c => c.ComponentId).ToList(), null)));
        var maintenances = s.Maintenances.SelectMany(m => m.Updates.Select(u => new FeedEntry(
            u, m.Name, $"maintenance/{m.Id}", FeedIds.MaintenanceUpdate(site, m.Id, u.Id), m.ComponentIds, m)));
        return incidents.Concat(maintenances)
            .OrderByDescending(e => e.Update.DisplayAt).ThenByDescending(e => e.Update.Id, StringComparer.Ordinal)
            .Take(MaxEntries);
    }

    private static string Title(Localization.Texts t, FeedEntry e) =>
        $"{(e.Maintenance is null ? "" : t.Colon(t.MaintenanceWord) + " ")}{e.Name} \u2014 {t.Update(e.Update.Status)}{(e.Update.AddedLater ? $" ({t.AddedLater})" : "")}";

    /// <summary>Escaped HTML: the rendered, sanitized Markdown plus the times, the window and the components.</summary>
    private string Content(StatusSnapshot s, FeedEntry e)
    {
        var u = e.Update;
        var t = s.Texts;
        var head = $"<p><strong>{Encode(t.Update(u.Status))}</strong>{(u.AddedLater ? " \u2014 " + Encode(t.AddedLater) : "")} \u2014 {Encode(s.Times.Point(u.DisplayAt))} ({Encode(s.Times.PointUtc(u.DisplayAt))})</p>";
        var window = e.Maintenance is not { } m ? "" :
            $"<p>{Encode(t.Colon(m.Cancelled ? t.CancelledWindow : t.Window))} {Encode(s.Times.Range(m.ScheduledFor, m.ScheduledUntil))} ({Encode(s.Times.RangeUtc(m.ScheduledFor, m.ScheduledUntil))})"
            + string.Concat(s.Times.Extra.Select(z => $" \u00b7 {Encode(z.ZoneLabel)}: {Encode(z.Range(m.ScheduledFor, m.ScheduledUntil))}")) + "</p>";
        var edited = u.EditedAt is not { } at ? "" : $"<p><em>{Encode(t.Edited)} {Encode(s.Times.Point(at))} ({Encode(s.Times.PointUtc(at))})</em></p>";
        var components = e.ComponentIds.Count == 0 ? "" : $"<p>{Encode(t.Colon(t.Affected))} {Encode(string.Join(", ", e.ComponentIds.Select(s.ComponentName)))}</p>";
        return head + window + markdown.ToHtml(u.Body) + edited + components;
    }

    private static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);

    /// <summary>An update with what it belongs to; <paramref name="Maintenance"/> is set for a maintenance's, whose window the entry states.</summary>
    private sealed record FeedEntry(IncidentUpdate Update, string Name, string Path, string Id, IReadOnlyList<string> ComponentIds, Maintenance? Maintenance);

    private static void Link(XmlWriter w, string href, string rel, string type)
    {
        w.WriteStartElement("link");
        w.WriteAttributeString("href", href);
        w.WriteAttributeString("rel", rel);
        w.WriteAttributeString("type", type);
        w.WriteEndElement();
    }

    private static string Rfc3339(DateTimeOffset t) => TimeDisplay.IsoUtc(t);
}
