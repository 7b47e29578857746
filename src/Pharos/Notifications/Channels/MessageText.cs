using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace Pharos.Notifications.Channels;

/// <summary>Plain renderings of a message that several channel types share (chat text, push body, the time line).</summary>
public static class MessageText
{
    private static readonly ZonedDateTimePattern Local = ZonedDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm x", null);

    /// <summary>The subject line: the notice's title, or a count and the first title when a burst is sent as one.</summary>
    public static string Title(OutboundMessage m) =>
        m.Grouped.Count <= 1 ? m.Notice.Title : string.Create(CultureInfo.InvariantCulture, $"{m.Grouped.Count} notifications: {m.Grouped[0].Title}");

    /// <summary>The body as plain text: the notice's text, or one titled paragraph per notice of a burst.</summary>
    public static string Body(OutboundMessage m)
    {
        if (m.Grouped.Count <= 1)
        {
            return m.Notice.Text;
        }

        var sb = new StringBuilder();
        foreach (var n in m.Grouped)
        {
            sb.Append("- ").Append(n.Title).Append(": ").Append(n.Text).Append('\n');
        }

        return sb.ToString().TrimEnd();
    }

    /// <summary>"2026-11-26 08:45 PST (16:45 UTC)": the site's display zone first, then UTC.</summary>
    public static string When(DateTimeOffset at, string timeZone)
    {
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone) ?? DateTimeZone.Utc;
        var local = Instant.FromDateTimeOffset(at).InZone(zone);
        var utc = at.UtcDateTime.ToString("HH':'mm", CultureInfo.InvariantCulture);
        return zone == DateTimeZone.Utc ? $"{Local.Format(local)}" : $"{Local.Format(local)} ({utc} UTC)";
    }

    /// <summary>At most <paramref name="max"/> characters, ending in "…" when cut.</summary>
    public static string Clip(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = Math.Max(0, max - 1);
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            // Never split a surrogate pair: half an emoji is not valid text.
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut).TrimEnd(), "…");
    }
}
