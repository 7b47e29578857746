using System.Globalization;
using System.Xml;
using Pharos.Domain;
using Pharos.Markdown;

namespace Pharos.StatusPage.Feeds;

/// <summary>The incident history as Atom (RFC 4287) and RSS 2.0: one entry per update, newest first.</summary>
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
        w.WriteAttributeString("xml", "lang", null, site.Language);
        w.WriteElementString("id", FeedIds.Feed(site, "history"));
        w.WriteElementString("title", $"{site.Name} status history");
        w.WriteElementString("updated", Rfc3339(entries.Count > 0 ? entries.Max(e => e.Update.UpdatedAt) : DateTimeOffset.UnixEpoch));
        Link(w, FeedIds.Link(site, "history.atom"), "self", "application/atom+xml");
        Link(w, FeedIds.Link(site, ""), "alternate", "text/html");
        w.WriteStartElement("author");
        w.WriteElementString("name", site.Name);
        w.WriteEndElement();
        foreach (var (incident, update) in entries)
        {
            w.WriteStartElement("entry");
            w.WriteElementString("id", FeedIds.Update(site, incident.Id, update.Id));
            w.WriteElementString("title", Title(incident, update));
            w.WriteElementString("published", Rfc3339(update.DisplayAt));
            w.WriteElementString("updated", Rfc3339(update.UpdatedAt));
            Link(w, FeedIds.Link(site, $"incidents/{incident.Id}"), "alternate", "text/html");
            w.WriteStartElement("content");
            w.WriteAttributeString("type", "html");
            w.WriteString(Content(s, incident, update));
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
        w.WriteElementString("title", $"{site.Name} status history");
        w.WriteElementString("link", FeedIds.Link(site, ""));
        w.WriteElementString("description", $"Incidents and their updates for {site.Name}");
        w.WriteElementString("language", site.Language);
        w.WriteStartElement("atom", "link", "http://www.w3.org/2005/Atom");
        w.WriteAttributeString("href", FeedIds.Link(site, "history.rss"));
        w.WriteAttributeString("rel", "self");
        w.WriteAttributeString("type", "application/rss+xml");
        w.WriteEndElement();
        if (entries.Count > 0)
        {
            w.WriteElementString("lastBuildDate", entries.Max(e => e.Update.UpdatedAt).ToString("r", CultureInfo.InvariantCulture));
        }

        foreach (var (incident, update) in entries)
        {
            w.WriteStartElement("item");
            w.WriteElementString("title", Title(incident, update));
            w.WriteElementString("link", FeedIds.Link(site, $"incidents/{incident.Id}"));
            w.WriteStartElement("guid");
            w.WriteAttributeString("isPermaLink", "false");
            w.WriteString(FeedIds.Update(site, incident.Id, update.Id));
            w.WriteEndElement();
            w.WriteElementString("pubDate", update.DisplayAt.ToString("r", CultureInfo.InvariantCulture));
            w.WriteElementString("description", Content(s, incident, update));
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndDocument();
        return w.ToString();
    }

    private static IEnumerable<(Incident Incident, IncidentUpdate Update)> Entries(StatusSnapshot s) =>
        s.Incidents.SelectMany(i => i.Updates.Select(u => (i, u)))
            .OrderByDescending(e => e.u.DisplayAt).ThenByDescending(e => e.u.Id, StringComparer.Ordinal)
            .Take(MaxEntries);

    private static string Title(Incident i, IncidentUpdate u) => $"{i.Name} \u2014 {Labels.OfUpdate(u.Status)}";

    /// <summary>Escaped HTML: the rendered, sanitized Markdown plus the times and components.</summary>
    private string Content(StatusSnapshot s, Incident i, IncidentUpdate u)
    {
        var components = i.Components.Count == 0 ? "" :
            $"<p>Affected: {System.Net.WebUtility.HtmlEncode(string.Join(", ", i.Components.Select(c => s.ComponentName(c.ComponentId))))}</p>";
        return $"<p><strong>{Labels.OfUpdate(u.Status)}</strong> \u2014 {System.Net.WebUtility.HtmlEncode(s.Times.Point(u.DisplayAt))} ({System.Net.WebUtility.HtmlEncode(s.Times.PointUtc(u.DisplayAt))})</p>"
            + markdown.ToHtml(u.Body) + components;
    }

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
