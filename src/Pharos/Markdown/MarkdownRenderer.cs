using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Pharos.Markdown;

/// <summary>
/// Renders update bodies. Raw HTML is disabled (it is shown as text), and links or images whose scheme is not
/// http, https or mailto lose their target, so a "javascript:" link in an update is inert on every page and feed.
/// </summary>
public sealed class MarkdownRenderer
{
    private static readonly string[] SafeSchemes = ["http", "https", "mailto"];

    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UseListExtras()
        .UsePipeTables()
        .Build();

    public string ToHtml(string markdown)
    {
        var document = Markdig.Markdown.Parse(markdown ?? "", _pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafe(link.Url))
            {
                link.Url = "#";
                link.IsImage = false;
            }
        }

        foreach (var auto in document.Descendants<AutolinkInline>())
        {
            if (!IsSafe(auto.Url))
            {
                auto.Url = "#";
            }
        }

        using var writer = new StringWriter();
        var renderer = new Markdig.Renderers.HtmlRenderer(writer);
        _pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>Plain text for places that cannot hold markup (iCalendar descriptions, titles).</summary>
    public string ToPlainText(string markdown) => Markdig.Markdown.ToPlainText(markdown ?? "", _pipeline).Trim();

    public static bool IsSafe(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return true;
        }

        // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:"), so compare without them.
        var compact = new string(url.Where(ch => !char.IsControl(ch) && !char.IsWhiteSpace(ch)).ToArray());
        var colon = compact.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return true;
        }

        var slash = compact.IndexOfAny(['/', '?', '#']);
        if (slash >= 0 && slash < colon)
        {
            return true;
        }

        var scheme = compact[..colon];
        return SafeSchemes.Contains(scheme, StringComparer.OrdinalIgnoreCase);
    }
}
