using System.Net;
using Microsoft.AspNetCore.Http;
using Pharos.Accounts;
using Pharos.SystemTests.Support;

namespace Pharos.SystemTests.StatusPage;

/// <summary>/embed.js on a customer's page of another origin, in a real Chromium.</summary>
public sealed class EmbedBannerBrowserTests
{
    private const string Hostile = "<img src=x onerror=\"window.__pwned=1\">Checkout & <b>cart</b>";

    [SkippableFact]
    public async Task The_banner_shows_an_open_incident_as_text_on_another_origin_and_nothing_when_all_is_clear()
    {
        await using var browser = await Browser.LaunchAsync();
        await using var app = await TestApp.StartAsync();
        using var api = await app.ApiClientAsync(Scopes.Read, Scopes.IncidentsWrite);
        var created = await api.PostJsonAsync("/api/v1/incidents", new { name = Hostile, impact = "major", message = "Looking into it." });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.JsonAsync()).GetProperty("id").GetString()!;
        await app.RefreshAsync();

        var (page, errors) = await browser.NewPageAsync();
        var status = app.Address.ToString().TrimEnd('/');
        // The customer's shop: its own server, so another origin (another port) in the same loopback address space.
        await using var shopServer = await LoopbackServer.StartAsync(ctx =>
        {
            ctx.Response.ContentType = "text/html; charset=utf-8";
            return ctx.Response.WriteAsync($"<!DOCTYPE html><html><head><title>Shop</title></head><body><h1>Shop</h1><script src=\"{status}/embed.js\"></script></body></html>");
        });
        var shop = shopServer.Url("/shop.html").ToString();

        await page.GotoAsync(shop);
        var banner = page.Locator(".pharos-banner");
        try
        {
            await banner.WaitForAsync(new() { Timeout = 10_000 });
        }
        catch (Microsoft.Playwright.PlaywrightException)
        {
            throw new ShouldAssertException($"no banner; browser errors: {string.Join(" | ", errors)}");
        }

        var link = banner.Locator("a");
        (await link.TextContentAsync()).ShouldBe(Hostile, "the name as text, markup and all");
        (await link.GetAttributeAsync("href")).ShouldBe($"{status}/incidents/{id}", "links go to the status page's own origin only");
        (await banner.Locator("img, b").CountAsync()).ShouldBe(0);
        (await page.EvaluateAsync<bool>("() => window.__pwned === 1")).ShouldBeFalse();
        (await banner.TextContentAsync())!.ShouldContain("investigating");
        (await banner.GetAttributeAsync("role")).ShouldBe("status");

        // Resolved: a new visit fetches the summary and shows no banner.
        (await api.PostJsonAsync($"/api/v1/incidents/{id}/resolve", new { message = "Fixed." })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.RefreshAsync();
        (await app.Client.GetStringAsync("/api/v2/incidents/unresolved.json")).ShouldNotContain(id);
        var summary = page.WaitForResponseAsync(r => r.Url.EndsWith("/api/v2/summary.json", StringComparison.Ordinal));
        await page.ReloadAsync();
        (await summary).Status.ShouldBe(200);
        await page.WaitForFunctionAsync("() => document.readyState === 'complete'");
        (await page.Locator(".pharos-banner").CountAsync()).ShouldBe(0);
        errors.ShouldBeEmpty();
    }
}
