using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.StaticFiles;

namespace Pharos.FailoverSite;

/// <summary>
/// Everything the site answers with, rendered and compressed whenever the snapshot changes: the page per
/// language, the API answer, and the include files.
/// </summary>
public sealed class SiteContent
{
    private readonly FailoverSiteConfig _config;
    private readonly string? _logo;
    private readonly ConcurrentDictionary<string, string> _languageByHeader = new(StringComparer.Ordinal);
    private volatile Rendered _rendered;

    private readonly string _siteName;

    public SiteContent(FailoverSiteConfig config, string siteName = "")
    {
        _config = config;
        _siteName = siteName;
        _logo = config.Logo is { } path ? $"data:{ContentTypeOf(path)};base64,{Convert.ToBase64String(File.ReadAllBytes(path))}" : null;
        Includes = config.Includes.ToDictionary(i => i.Path, i => new PrecompressedBody(File.ReadAllBytes(i.File), ContentTypeOf(i.File)), StringComparer.Ordinal);
        _rendered = Render(null);
    }

    public IReadOnlyDictionary<string, PrecompressedBody> Includes { get; }

    public SiteSnapshot? Snapshot => _rendered.Snapshot;

    public PrecompressedBody Problem => _rendered.Problem;

    public void Update(SiteSnapshot? snapshot)
    {
        if (snapshot == _rendered.Snapshot || (snapshot is not null && _rendered.Snapshot is not null && JsonSerializer.Serialize(snapshot) == JsonSerializer.Serialize(_rendered.Snapshot)))
        {
            return;
        }

        _rendered = Render(snapshot);
    }

    /// <summary>The page in the best language the visitor accepts.</summary>
    public PrecompressedBody PageFor(string? acceptLanguage)
    {
        var pages = _rendered.Pages;
        if (string.IsNullOrEmpty(acceptLanguage))
        {
            return pages[_config.DefaultLanguage];
        }

        // Visitors send a handful of distinct headers; remember the choice, within a bound.
        if (!_languageByHeader.TryGetValue(acceptLanguage, out var language))
        {
            language = Negotiate(acceptLanguage, pages.Keys);
            if (_languageByHeader.Count < 1024)
            {
                _languageByHeader[acceptLanguage] = language;
            }
        }

        return pages[language];
    }

    private string Negotiate(string header, IEnumerable<string> available)
    {
        var ranked = header.Split(',')
            .Select(part =>
            {
                var pieces = part.Split(';', StringSplitOptions.TrimEntries);
                var q = pieces.Skip(1).Where(p => p.StartsWith("q=", StringComparison.OrdinalIgnoreCase))
                    .Select(p => double.TryParse(p[2..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0)
                    .DefaultIfEmpty(1).First();
                return (Tag: pieces[0].ToLowerInvariant(), Q: q);
            })
            .Where(x => x.Q > 0)
            .OrderByDescending(x => x.Q);
        var set = available.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (tag, _) in ranked)
        {
            var primary = tag.Split('-')[0];
            if (set.Contains(tag))
            {
                return set.First(s => s.Equals(tag, StringComparison.OrdinalIgnoreCase));
            }

            if (set.Contains(primary))
            {
                return set.First(s => s.Equals(primary, StringComparison.OrdinalIgnoreCase));
            }
        }

        return _config.DefaultLanguage;
    }

    private Rendered Render(SiteSnapshot? snapshot)
    {
        var texts = new Dictionary<string, SiteTexts>(DefaultTexts.All, StringComparer.OrdinalIgnoreCase);
        foreach (var (lang, t) in _config.Texts)
        {
            texts[lang] = t;
        }

        if (!texts.ContainsKey(_config.DefaultLanguage))
        {
            texts[_config.DefaultLanguage] = texts["en"];
        }

        var pages = texts.ToDictionary(
            kv => kv.Key,
            kv => new PrecompressedBody(MaintenancePageHtml.Render(kv.Value, kv.Key, snapshot, _config.StatusUrl, _logo, _siteName), "text/html; charset=utf-8"),
            StringComparer.OrdinalIgnoreCase);
        var problem = JsonSerializer.Serialize(new
        {
            type = "about:blank",
            title = "Service temporarily unavailable",
            status = 503,
            detail = texts[_config.DefaultLanguage].Message,
            status_page = _config.StatusUrl?.ToString() ?? snapshot?.StatusUrl,
            incidents = snapshot?.Incidents.Select(i => new { i.Id, i.Name, i.Status, i.LatestUpdate, i.UpdatedAt }),
        });
        return new Rendered(snapshot, pages, new PrecompressedBody(problem, "application/problem+json"));
    }

    private static string ContentTypeOf(string path) =>
        new FileExtensionContentTypeProvider().TryGetContentType(path, out var type)
            ? type.StartsWith("text/", StringComparison.Ordinal) || type.EndsWith("javascript", StringComparison.Ordinal) ? type + "; charset=utf-8" : type
            : "application/octet-stream";

    private sealed record Rendered(SiteSnapshot? Snapshot, IReadOnlyDictionary<string, PrecompressedBody> Pages, PrecompressedBody Problem);
}
