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
                return Serve(http, site, "400:history", s => pages.ErrorAsync(s, 400, "Bad request", "The page number must be a whole number of 1 or more."));
            }

            var snapshot = site.Snapshot!;
            if (page > 1 && !HistoryPageExists(snapshot, page))
            {
                return Serve(http, site, "404:history", s => pages.ErrorAsync(s, 404, "Page not found", "There are no incidents that far back."));
            }

            return Serve(http, site, $"history:{page}", s => pages.HistoryAsync(s, page));
        });

        app.MapMethods("/incidents/{id}", GetHead, (HttpContext http, StatusSite site, Pages pages, string id) =>
            site.Snapshot!.FindIncident(id) is null
                ? Serve(http, site, "404:incident", s => pages.ErrorAsync(s, 404, "Incident not found", "There is no incident with this address."))
                : Serve(http, site, $"incident:{id}", s => pages.IncidentAsync(s, id)));

        app.MapMethods("/maintenance/{id}", GetHead, (HttpContext http, StatusSite site, Pages pages, string id) =>
            site.Snapshot!.FindMaintenance(id) is null
                ? Serve(http, site, "404:maintenance", s => pages.ErrorAsync(s, 404, "Maintenance not found", "There is no maintenance with this address."))
                : Serve(http, site, $"maintenance:{id}", s => pages.MaintenanceAsync(s, id)));

        app.MapMethods("/components/{id}", GetHead, (HttpContext http, StatusSite site, Pages pages, string id) =>
            site.Snapshot!.Config.FindComponent(id) is null
                ? Serve(http, site, "404:component", s => pages.ErrorAsync(s, 404, "Component not found", "There is no component with this address."))
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
                ? Serve(http, site, "404", s => pages.ErrorAsync(s, 404, "Page not found", "There is nothing at this address."))
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
        return Serve(http, site, "404", s => pages.ErrorAsync(s, 404, "Page not found", "There is nothing at this address."));
    }

    public static async Task Serve(HttpContext http, StatusSite site, string key, Func<StatusSnapshot, Task<CachedResponse>> render, bool cors = false)
    {
        var response = await site.GetAsync(key, render).ConfigureAwait(false);
        await ResponseWriter.WriteAsync(http, response, cors).ConfigureAwait(false);
    }

    public static bool HistoryPageExists(StatusSnapshot s, int page)
    {
        var oldest = s.OldestPastDay;
        var to = s.Today.PlusDays(-(page - 1) * HistoryPageDays);
        return page == 1 || (oldest is not null && oldest.Value <= to);
    }
}
