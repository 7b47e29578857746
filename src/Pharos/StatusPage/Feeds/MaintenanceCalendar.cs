using System.Globalization;
using System.Text;
using Pharos.Domain;
using Pharos.Markdown;

namespace Pharos.StatusPage.Feeds;

/// <summary>Scheduled maintenance as an iCalendar feed (RFC 5545): one VEVENT per window, SEQUENCE raised on change.</summary>
public sealed class MaintenanceCalendar(MarkdownRenderer markdown)
{
    public string Render(StatusSnapshot s)
    {
        var site = s.Config.Site;
        var sb = new StringBuilder();
        Line(sb, "BEGIN:VCALENDAR");
        Line(sb, "VERSION:2.0");
        Line(sb, "PRODID:-//Pharos//Status page//EN");
        Line(sb, "CALSCALE:GREGORIAN");
        Line(sb, "METHOD:PUBLISH");
        Line(sb, "X-WR-CALNAME:" + Escape(s.Texts.CalendarName(site.Name)));
        foreach (var m in s.Maintenances.OrderBy(m => m.ScheduledFor))
        {
            Line(sb, "BEGIN:VEVENT");
            Line(sb, $"UID:{m.Id}@{FeedIds.Host(site)}");
            Line(sb, "DTSTAMP:" + Utc(m.UpdatedAt));
            Line(sb, "LAST-MODIFIED:" + Utc(m.UpdatedAt));
            Line(sb, "CREATED:" + Utc(m.CreatedAt));
            Line(sb, "DTSTART:" + Utc(m.ScheduledFor));
            Line(sb, "DTEND:" + Utc(m.ScheduledUntil));
            Line(sb, "SEQUENCE:" + m.Sequence.ToString(CultureInfo.InvariantCulture));
            Line(sb, "SUMMARY:" + Escape(m.Name));
            Line(sb, "DESCRIPTION:" + Escape(Description(s, m)));
            Line(sb, "URL:" + FeedIds.Link(site, $"maintenance/{m.Id}"));
            Line(sb, "STATUS:" + (m.Cancelled ? "CANCELLED" : "CONFIRMED"));
            Line(sb, "TRANSP:TRANSPARENT");
            Line(sb, "END:VEVENT");
        }

        Line(sb, "END:VCALENDAR");
        return sb.ToString();
    }

    private string Description(StatusSnapshot s, Maintenance m)
    {
        // The announcement says what the window is for; later updates only move it along.
        var latest = m.Updates.Count > 0 ? markdown.ToPlainText(m.Updates[^1].Body) : "";
        var components = m.ComponentIds.Count > 0 ? $"\n{s.Texts.Colon(s.Texts.Affected)} {string.Join(", ", m.ComponentIds.Select(s.ComponentName))}" : "";
        return latest + components;
    }

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>TEXT escaping of RFC 5545 section 3.3.11.</summary>
    private static string Escape(string text) => text
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("\r\n", "\\n", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal)
        .Replace("\r", "", StringComparison.Ordinal);

    /// <summary>Writes a content line folded at 75 octets (RFC 5545 section 3.1), never splitting a UTF-8 sequence.</summary>
    private static void Line(StringBuilder sb, string line)
    {
        var bytes = 0;
        var limit = 75;
        foreach (var rune in line.EnumerateRunes())
        {
            var len = rune.Utf8SequenceLength;
            if (bytes + len > limit)
            {
                sb.Append("\r\n ");
                bytes = 1;
                limit = 75;
            }

            sb.Append(rune.ToString());
            bytes += len;
        }

        sb.Append("\r\n");
    }
}
