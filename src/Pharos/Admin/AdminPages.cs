using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Pharos.StatusPage;

namespace Pharos.Admin;

/// <summary>Renders admin pages: never cached, always with a fresh form token.</summary>
public sealed class AdminPages(PageRenderer renderer, IAntiforgery antiforgery, StatusSite site)
{
    public async Task RenderAsync<TPage>(HttpContext http, Dictionary<string, object?> parameters, int status = 200)
        where TPage : IComponent
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        parameters["Ctx"] = AdminContext.From(http, tokens.RequestToken!, AdminAssets.CssUrl, site.Snapshot!);
        var html = await renderer.RenderAsync<TPage>(parameters).ConfigureAwait(false);
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        // Admin pages hold private data and per-session tokens: never stored by browsers or proxies.
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.WriteAsync(html, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Post/redirect/get: 303 so a reload does not post twice.</summary>
    public static IResult SeeOther(string url, string? notice = null) =>
        new SeeOtherResult(notice is null ? url : $"{url}?notice={Uri.EscapeDataString(notice)}");

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            http.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
