using System.Text.Json;
using Pharos.Domain;

namespace Pharos.StatusPage.Api;

/// <summary>Statuspage's public API v2 at its own paths, so tools written for Statuspage read Pharos unchanged.</summary>
public static class StatuspageApiEndpoints
{
    private static readonly string[] GetHead = ["GET", "HEAD"];

    /// <summary>Every document under /api/v2/, by path; the static export writes the same list.</summary>
    public static readonly IReadOnlyList<(string Path, Func<StatuspageMapper, object> Build)> Documents =
    [
        ("summary.json", m => m.Summary()),
        ("status.json", m => new StatusResponseDto(m.Page(), m.Status())),
        ("components.json", m => new ComponentsResponseDto(m.Page(), m.Components())),
        ("incidents.json", m => m.Incidents(unresolvedOnly: false)),
        ("incidents/unresolved.json", m => m.Incidents(unresolvedOnly: true)),
        ("scheduled-maintenances.json", m => m.Maintenances(_ => true)),
        ("scheduled-maintenances/upcoming.json", m => m.Maintenances(x => x.Status == MaintenanceStatus.Scheduled)),
        ("scheduled-maintenances/active.json", m => m.Maintenances(x => x.IsActive)),
    ];

    public static IEndpointRouteBuilder MapStatuspageApi(this IEndpointRouteBuilder app)
    {
        foreach (var (path, build) in Documents)
        {
            app.MapMethods("/api/v2/" + path, GetHead, (HttpContext http, StatusSite site) =>
                StatusPageEndpoints.Serve(http, site, CacheKey(path), s => Task.FromResult(Render(s, build)), cors: true));
        }

        // Browsers ask before a cross-origin GET with custom headers; the API is public, so the answer is yes.
        app.MapMethods("/api/v2/{**path}", ["OPTIONS"], (HttpContext http) =>
        {
            http.Response.Headers.AccessControlAllowOrigin = "*";
            http.Response.Headers.AccessControlAllowMethods = "GET, HEAD, OPTIONS";
            http.Response.Headers.AccessControlAllowHeaders = "*";
            http.Response.Headers.AccessControlMaxAge = "86400";
            return Results.NoContent();
        });
        return app;
    }

    /// <summary>The render-cache key of a document, shared by the live site and the export.</summary>
    public static string CacheKey(string path) => "api:" + path;

    public static CachedResponse Render(StatusSnapshot s, Func<StatuspageMapper, object> build) =>
        new(JsonSerializer.SerializeToUtf8Bytes(build(new StatuspageMapper(s)), StatuspageMapper.Json), "application/json; charset=utf-8");
}
