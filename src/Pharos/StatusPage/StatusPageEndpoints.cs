using System.Globalization;
using Pharos.StatusPage.Feeds;

namespace Pharos.StatusPage;

/// <summary>The public HTML pages, feeds and assets; each served from the snapshot's render cache.</summary>
public static class StatusPageEndpoints
{
    private static readonly string[] GetHead = ["GET", "HEAD"];

    /// <summary>Days per page of /history.</summary>
    public const int HistoryPageDays = 30;

    public static IEndpointRouteBuilder MapStatusPage(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/", GetHead, (HttpContext http, StatusSite site, Pages pages) =>
            Serve(http, site, "home", pages.HomeAsync));

        app.MapMethods("/history", GetHead, (HttpContext http, StatusSite site, Pages pages) =>
        {
            var raw = http.Request.Query["page"].ToString();
            var page = 1;
            if (raw.Length > 0 && (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1 || page > 10_000))
            {
                return Serve(http, site, "400:history", s => pages.ErrorAsync(s, 400, t => t.BadRequest, t => t.BadPageNumber));
            }

            var snapshot = site.Snapshot!;
            if (page > 1 && !HistoryPageExists(snapshot, page))
            {
                return Serve(http, site, "404:history", s => pages.ErrorAsync(s, 404, t => t.PageNotFound, t => t.NothingThatFarBack));
            }

            return Serve(http, site, $"history:{page}", s => pages.HistoryAsync(s, page));
        });

        app.MapMethods("/incidents/{id}", GetHead, (HttpContext http, StatusSite site, Pages pages, string id) =>
            site.Snapshot!.FindIncident(id) is null
                ? Serve(http, site, "404:incident", s => pages.ErrorAsync(s, 404, t => t.IncidentNotFound, t => t.NoSuchIncident))
                : Serve(http, site, $"incident:{id}", s => pages.IncidentAsync(s, id)));

        app.MapMethods("/maintenance/{id}", GetHead, (HttpContext http, StatusSite site, Pages pages, string id) =>
            site.Snapshot!.FindMaintenance(id) is null
                ? Serve(http, site, "404:maintenance", s => pages.ErrorAsync(s, 404, t => t.MaintenanceNotFound, t => t.NoSuchMaintenance))
                : Serve(http, site, $"maintenance:{id}", s => pages.MaintenanceAsync(s, id)));

        app.MapMethods("/components/{id}", GetHead, (HttpContext http, StatusSite site, Pages pages, string id) =>
            site.Snapshot!.Config.FindComponent(id) is null
                ? Serve(http, site, "404:component", s => pages.ErrorAsync(s, 404, t => t.ComponentNotFound, t => t.NoSuchComponent))
                : Serve(http, site, $"component:{id}", s => pages.ComponentAsync(s, id)));

        app.MapMethods("/history.atom", GetHead, (HttpContext http, StatusSite site, HistoryFeeds feeds) =>
            Serve(http, site, "atom", s => Task.FromResult(CachedResponse.Text(feeds.Atom(s), "application/atom+xml; charset=utf-8")), cors: true));

        app.MapMethods("/history.rss", GetHead, (HttpContext http, StatusSite site, HistoryFeeds feeds) =>
            Serve(http, site, "rss", s => Task.FromResult(CachedResponse.Text(feeds.Rss(s), "application/rss+xml; charset=utf-8")), cors: true));

        app.MapMethods("/maintenance.ics", GetHead, (HttpContext http, StatusSite site, MaintenanceCalendar calendar) =>
            Serve(http, site, "ics", s => Task.FromResult(CachedResponse.Text(calendar.Render(s), "text/calendar; charset=utf-8")), cors: true));

        app.MapMethods("/assets/{name}", GetHead, (HttpContext http, AssetUrls assets, StatusSite site, Pages pages, string name) =>
        {
            var asset = assets.Find(name);
            return asset is null
                ? Serve(http, site, "404", s => pages.NotFoundAsync(s))
                : ResponseWriter.WriteAsync(http, asset);
        });

        // Browsers and crawlers ask for this path whatever the page says.
        app.MapMethods("/favicon.ico", GetHead, (HttpContext http, AssetUrls assets) => ResponseWriter.WriteAsync(http, assets.Find("favicon.svg")!));
        return app;
    }

    /// <summary>The 404 page for any other path, so unknown addresses get a real page and a real status.</summary>
    public static Task NotFound(HttpContext http)
    {
        var site = http.RequestServices.GetRequiredService<StatusSite>();
        var pages = http.RequestServices.GetRequiredService<Pages>();
        return Serve(http, site, "404", s => pages.NotFoundAsync(s));
    }

    /// <summary>
    /// Serves a page in the request's language from the snapshot's cache: each page is rendered once per snapshot
    /// per language (and per way of choosing it), never per request.
    /// </summary>
    public static async Task Serve(HttpContext http, StatusSite site, string key, Func<StatusSnapshot, Task<CachedResponse>> render, bool cors = false)
    {
        var (language, vary) = http.RequestServices.GetRequiredService<PageLanguages>().For(http);
        var response = await site.GetAsync(language, key, render).ConfigureAwait(false);
        await ResponseWriter.WriteAsync(http, response, cors, vary).ConfigureAwait(false);
    }

    /// <summary>The address a page key stands for, without a language prefix: where the switcher's links point.</summary>
    public static string PathOf(string key)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        var (kind, arg) = colon < 0 ? (key, "") : (key[..colon], key[(colon + 1)..]);
        return kind switch
        {
            "history" => arg is "" or "1" ? "/history" : "/history?page=" + arg,
            "incident" => "/incidents/" + arg,
            "maintenance" => "/maintenance/" + arg,
            "component" => "/components/" + arg,
            "atom" => "/history.atom",
            "rss" => "/history.rss",
            "ics" => "/maintenance.ics",
            "subscribe" => "/subscribe",
            _ => "/",
        };
    }

    public static bool HistoryPageExists(StatusSnapshot s, int page)
    {
        var oldest = s.OldestPastDay;
        var to = s.Today.PlusDays(-(page - 1) * HistoryPageDays);
        return page == 1 || (oldest is not null && oldest.Value <= to);
    }
}
