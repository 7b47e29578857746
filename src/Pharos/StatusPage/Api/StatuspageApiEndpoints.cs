using System.Text.Json;
using Pharos.Domain;

namespace Pharos.StatusPage.Api;

/// <summary>Statuspage's public API v2 at its own paths, so tools written for Statuspage read Pharos unchanged.</summary>
public static class StatuspageApiEndpoints
{
    private static readonly string[] GetHead = ["GET", "HEAD"];

    public static IEndpointRouteBuilder MapStatuspageApi(this IEndpointRouteBuilder app)
    {
        Map(app, "summary.json", m => m.Summary());
        Map(app, "status.json", m => new StatusResponseDto(m.Page(), m.Status()));
        Map(app, "components.json", m => new ComponentsResponseDto(m.Page(), m.Components()));
        Map(app, "incidents.json", m => m.Incidents(unresolvedOnly: false));
        Map(app, "incidents/unresolved.json", m => m.Incidents(unresolvedOnly: true));
        Map(app, "scheduled-maintenances.json", m => m.Maintenances(_ => true));
        Map(app, "scheduled-maintenances/upcoming.json", m => m.Maintenances(x => x.Status == MaintenanceStatus.Scheduled));
        Map(app, "scheduled-maintenances/active.json", m => m.Maintenances(x => x.IsActive));

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

    private static void Map<T>(IEndpointRouteBuilder app, string path, Func<StatuspageMapper, T> build) =>
        app.MapMethods("/api/v2/" + path, GetHead, (HttpContext http, StatusSite site) =>
            StatusPageEndpoints.Serve(http, site, "api:" + path, s =>
                Task.FromResult(new CachedResponse(JsonSerializer.SerializeToUtf8Bytes(build(new StatuspageMapper(s)), StatuspageMapper.Json), "application/json; charset=utf-8")),
                cors: true));
}
