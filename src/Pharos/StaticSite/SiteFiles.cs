using System.Buffers;
using Pharos.StatusPage;
using Pharos.StatusPage.Api;
using Pharos.StatusPage.Badges;
using Pharos.StatusPage.Feeds;

namespace Pharos.StaticSite;

/// <summary>One file of the exported site: where it goes under the folder and how the live site renders it (in <paramref name="Language"/>, for a page).</summary>
public sealed record SiteFile(string Path, string Key, Func<StatusSnapshot, Task<CachedResponse>> Render, PageLanguage? Language = null);

/// <summary>
/// Every public address of the site as a file, rendered by the same code as the live pages, in the order a reader in
/// an outage needs them (the page, the API, the badges first; assets last, as they rarely change). Extension-less
/// addresses become NAME.html, which static hosts and the nginx example serve at NAME. The root holds the pages in
/// the site's language; when the site offers several, each also goes under its prefix (de/index.html,
/// de/incidents/ID.html…), where the language switcher's links point.
/// </summary>
public sealed class SiteFiles(Pages pages, HistoryFeeds feeds, MaintenanceCalendar calendar, AssetUrls assets, EmbedScript embed, PageLanguages languages)
{
    /// <summary>The characters an id may have to become a file name; others are left out of the export.</summary>
    private static readonly SearchValues<char> SafeChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");

    /// <summary>The file the 404 page goes to: the name GitHub Pages, Netlify, Cloudflare Pages and the nginx example use.</summary>
    public const string NotFoundFile = "404.html";

    public IEnumerable<SiteFile> For(StatusSnapshot s)
    {
        var root = languages.Default;
        foreach (var file in Shared(s, root))
        {
            yield return file;
        }

        if (languages.Offered.Count > 1)
        {
            foreach (var code in languages.Offered)
            {
                foreach (var file in PagesIn(s, languages.Named(code)))
                {
                    yield return file with { Path = code + "/" + file.Path };
                }
            }
        }
    }

    /// <summary>The root's files: the pages in the site's language, and the API, badges and assets, which have none.</summary>
    private IEnumerable<SiteFile> Shared(StatusSnapshot s, PageLanguage root)
    {
        var all = PagesIn(s, root).ToList();
        yield return all[0];
        foreach (var (path, build) in StatuspageApiEndpoints.Documents)
        {
            yield return new("api/v2/" + path, StatuspageApiEndpoints.CacheKey(path), x => Task.FromResult(StatuspageApiEndpoints.Render(x, build)));
        }

        yield return new("badge.svg", BadgeEndpoints.PageKey, x => Task.FromResult(BadgeEndpoints.Page(x)), root);
        foreach (var id in s.Config.Components.Select(c => c.Id).Concat(s.Config.Groups.Select(g => g.Id)).Where(Safe))
        {
            yield return new($"badge/{id}.svg", BadgeEndpoints.ComponentKey(id), x => Task.FromResult(BadgeEndpoints.Component(x, id)), root);
        }

        yield return new("embed.js", "embed.js", _ => Task.FromResult(embed.Response));
        foreach (var page in all.Skip(1))
        {
            yield return page;
        }

        yield return new(NotFoundFile, "404", pages.NotFoundAsync, root);
        foreach (var name in new[] { "status.css", "status.js", "favicon.svg" })
        {
            var asset = assets.Find(name)!;
            yield return new("assets/" + name, "asset:" + name, _ => Task.FromResult(asset));
        }
    }

    /// <summary>The pages and feeds, in one language: what a language prefix holds.</summary>
    private IEnumerable<SiteFile> PagesIn(StatusSnapshot s, PageLanguage language)
    {
        yield return new("index.html", "home", pages.HomeAsync, language);
        yield return new("history.html", "history:1", x => pages.HistoryAsync(x, 1), language);
        for (var page = 2; StatusPageEndpoints.HistoryPageExists(s, page); page++)
        {
            var n = page;
            yield return new($"history/{n}.html", $"history:{n}", x => pages.HistoryAsync(x, n), language);
        }

        foreach (var i in s.Incidents.Where(i => Safe(i.Id)))
        {
            yield return new($"incidents/{i.Id}.html", $"incident:{i.Id}", x => pages.IncidentAsync(x, i.Id), language);
        }

        foreach (var m in s.Maintenances.Where(m => Safe(m.Id)))
        {
            yield return new($"maintenance/{m.Id}.html", $"maintenance:{m.Id}", x => pages.MaintenanceAsync(x, m.Id), language);
        }

        foreach (var c in s.Config.Components.Where(c => Safe(c.Id)))
        {
            yield return new($"components/{c.Id}.html", $"component:{c.Id}", x => pages.ComponentAsync(x, c.Id), language);
        }

        yield return new("history.atom", "atom", x => Task.FromResult(CachedResponse.Text(feeds.Atom(x), "application/atom+xml; charset=utf-8")), language);
        yield return new("history.rss", "rss", x => Task.FromResult(CachedResponse.Text(feeds.Rss(x), "application/rss+xml; charset=utf-8")), language);
        yield return new("maintenance.ics", "ics", x => Task.FromResult(CachedResponse.Text(calendar.Render(x), "text/calendar; charset=utf-8")), language);
    }

    private static bool Safe(string id) => id.Length > 0 && id[0] != '.' && !id.AsSpan().ContainsAnyExcept(SafeChars);
}
