using System.Text;

namespace Pharos.StatusPage.Badges;

/// <summary>
/// `/badge.svg` for the whole page and `/badge/{id}.svg` per component or group, and `/embed.js`, the banner script
/// customers put on their own sites; all rendered once per snapshot and served like the page (ETag, pre-compressed).
/// </summary>
public static class BadgeEndpoints
{
    public const string SvgType = "image/svg+xml; charset=utf-8";

    private static readonly string[] GetHead = ["GET", "HEAD"];

    public static IEndpointRouteBuilder MapBadges(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/badge.svg", GetHead, (HttpContext http, StatusSite site) =>
            StatusPageEndpoints.Serve(http, site, PageKey, s => Task.FromResult(Page(s)), cors: true));

        app.MapMethods("/badge/{file}", GetHead, (HttpContext http, StatusSite site, string file) =>
        {
            var id = file.EndsWith(".svg", StringComparison.Ordinal) ? file[..^4] : null;
            return id is null || !Exists(site.Snapshot!, id)
                ? StatusPageEndpoints.NotFound(http)
                : StatusPageEndpoints.Serve(http, site, ComponentKey(id), s => Task.FromResult(Component(s, id)), cors: true);
        });

        app.MapMethods("/embed.js", GetHead, (HttpContext http, EmbedScript script) => ResponseWriter.WriteAsync(http, script.Response, corsOpen: true));
        return app;
    }

    public const string PageKey = "badge";

    public static string ComponentKey(string id) => "badge:" + id;

    /// <summary>Whether a badge exists for the id: every component and every group has one.</summary>
    public static bool Exists(StatusSnapshot s, string id) =>
        s.Config.FindComponent(id) is not null || s.Config.Groups.Any(g => g.Id == id);

    public static CachedResponse Page(StatusSnapshot s) =>
        Svg(BadgeSvg.Render(s.Config.Site.Name, s.Texts.Banner(s.Indicator), BadgeSvg.Colour(s.Indicator)));

    public static CachedResponse Component(StatusSnapshot s, string id)
    {
        var status = s.StatusOf(id);
        return Svg(BadgeSvg.Render(s.ComponentName(id), s.Texts.Status(status), BadgeSvg.Colour(status)));
    }

    private static CachedResponse Svg(string svg) => new(Encoding.UTF8.GetBytes(svg), SvgType);
}
