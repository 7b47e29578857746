using System.Globalization;
using System.Net;
using System.Text;
using Pharos.Domain;

namespace Pharos.StatusPage.Badges;

/// <summary>
/// A two-part status badge in the shields.io layout: a grey label and the status in its colour, with the words in a
/// title and an aria-label so a screen reader says what the colour shows. Every text is XML-escaped.
/// </summary>
public static class BadgeSvg
{
    private const int Padding = 6;

    public static string Render(string label, string message, string colour)
    {
        var labelWidth = TextWidth(label) + (2 * Padding);
        var messageWidth = TextWidth(message) + (2 * Padding);
        var width = labelWidth + messageWidth;
        var title = Escape($"{label}: {message}");
        var sb = new StringBuilder(1024);
        sb.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" viewBox="0 0 {width} 20" role="img" aria-label="{title}">""");
        sb.Append(CultureInfo.InvariantCulture, $"<title>{title}</title>");
        sb.Append(CultureInfo.InvariantCulture, $"""<clipPath id="r"><rect width="{width}" height="20" rx="3" fill="#fff"/></clipPath>""");
        sb.Append(CultureInfo.InvariantCulture, $"""<g clip-path="url(#r)"><rect width="{labelWidth}" height="20" fill="#555"/><rect x="{labelWidth}" width="{messageWidth}" height="20" fill="{colour}"/></g>""");
        sb.Append("""<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11" aria-hidden="true">""");
        sb.Append(CultureInfo.InvariantCulture, $"""<text x="{labelWidth / 2.0:0.#}" y="14">{Escape(label)}</text>""");
        sb.Append(CultureInfo.InvariantCulture, $"""<text x="{labelWidth + (messageWidth / 2.0):0.#}" y="14">{Escape(message)}</text>""");
        sb.Append("</g></svg>");
        return sb.ToString();
    }

    /// <summary>The fill behind a component status; each keeps white 11px text at a contrast of 4.5:1 or more.</summary>
    public static string Colour(ComponentStatus s) => s switch
    {
        ComponentStatus.Operational => "#1a7f37",
        ComponentStatus.DegradedPerformance => "#8a5a00",
        ComponentStatus.PartialOutage => "#b3420a",
        ComponentStatus.MajorOutage => "#c4202b",
        ComponentStatus.UnderMaintenance => "#0a5cc2",
        _ => "#555",
    };

    public static string Colour(PageIndicator i) => i switch
    {
        PageIndicator.None => Colour(ComponentStatus.Operational),
        PageIndicator.Minor => Colour(ComponentStatus.DegradedPerformance),
        PageIndicator.Major => Colour(ComponentStatus.PartialOutage),
        PageIndicator.Critical => Colour(ComponentStatus.MajorOutage),
        PageIndicator.Maintenance => Colour(ComponentStatus.UnderMaintenance),
        _ => "#555",
    };

    /// <summary>Verdana 11px advance widths, roughly: enough to size the two parts without a font at hand.</summary>
    private static int TextWidth(string text)
    {
        double width = 0;
        foreach (var c in text)
        {
            width += c switch
            {
                'i' or 'l' or 'j' or '.' or ',' or ':' or ';' or '\'' or '|' or '!' => 3.5,
                'f' or 't' or 'r' or ' ' or '(' or ')' or '[' or ']' or '-' => 4.8,
                'm' or 'w' or 'M' or 'W' => 10.5,
                >= 'A' and <= 'Z' => 8,
                _ when char.IsLowSurrogate(c) => 0,
                _ => 7,
            };
        }

        return (int)Math.Ceiling(width);
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
