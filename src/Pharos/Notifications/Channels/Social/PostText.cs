using System.Text;
using System.Text.RegularExpressions;

namespace Pharos.Notifications.Channels.Social;

/// <summary>
/// Fits a post into a service's limit while keeping the link at its end: the text is cut at a word where it can be,
/// with "…", never the link. Both Mastodon and X count every URL as 23 characters; X also counts most characters
/// outside Latin and common punctuation as two.
/// </summary>
public static partial class PostText
{
    /// <summary>What every URL counts as, whatever its length.</summary>
    public const int UrlWeight = 23;

    /// <summary>"Title\n\nText\n\nURL", trimmed to <paramref name="limit"/> as the service counts.</summary>
    public static string Fit(OutboundMessage m, int limit, bool weighted)
    {
        var head = $"{MessageText.Title(m)}\n\n{MessageText.Body(m)}".Trim();
        var url = m.Notice.Url;
        var tail = url is null ? "" : "\n\n" + url;
        var tailWeight = url is null ? 0 : 2 + UrlWeight;
        if (Weight(head, weighted) + tailWeight <= limit)
        {
            return head + tail;
        }

        var budget = limit - tailWeight - 1;
        var cut = new StringBuilder();
        var used = 0;
        foreach (var rune in head.EnumerateRunes())
        {
            var w = RuneWeight(rune, weighted);
            if (used + w > budget)
            {
                break;
            }

            cut.Append(rune.ToString());
            used += w;
        }

        var text = cut.ToString();
        // A URL cut in half is worse than none, and counted at 23 only when whole: cut before it.
        foreach (Match u in Url().Matches(text))
        {
            if (u.Index + u.Length == text.Length)
            {
                text = text[..u.Index];
            }
        }

        var space = text.LastIndexOfAny([' ', '\n']);
        if (space > text.Length * 2 / 3)
        {
            text = text[..space];
        }

        return text.TrimEnd() + "…" + tail;
    }

    /// <summary>The length as the service counts it, every URL as 23.</summary>
    public static int Weight(string text, bool weighted)
    {
        var total = 0;
        var at = 0;
        foreach (Match u in Url().Matches(text))
        {
            total += Plain(text[at..u.Index], weighted) + UrlWeight;
            at = u.Index + u.Length;
        }

        return total + Plain(text[at..], weighted);
    }
    private static int Plain(string text, bool weighted)
    {
        var n = 0;
        foreach (var r in text.EnumerateRunes())
        {
            n += RuneWeight(r, weighted);
        }

        return n;
    }

    /// <summary>X's weighting: Latin, common punctuation and spaces count one, everything else (CJK, emoji) two.</summary>
    private static int RuneWeight(Rune r, bool weighted) =>
        !weighted || r.Value <= 0x10FF || r.Value is (>= 0x2000 and <= 0x200D) or (>= 0x2010 and <= 0x201F) or (>= 0x2032 and <= 0x2037) ? 1 : 2;

    [GeneratedRegex(@"https?://\S+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Url();
}
