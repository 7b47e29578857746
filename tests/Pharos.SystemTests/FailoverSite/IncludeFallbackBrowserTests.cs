using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using Pharos.FailoverSite;
using Pharos.SystemTests.Support;

namespace Pharos.SystemTests.FailoverSite;

/// <summary>
/// A customer's own page, on another origin, embeds the shop's script and stylesheet. With the shop's primary
/// gone and its names on the failover site, the page must still render without errors.
/// </summary>
public sealed class IncludeFallbackBrowserTests
{
    [SkippableFact]
    public async Task Customer_page_embedding_the_includes_renders_while_the_origin_is_down()
    {
        using var dir = new TempDir();
        using var ca = new TestCertificates();
        File.WriteAllText(dir.File("shop.js"), "window.shopWidget = { ready: true }; document.addEventListener('DOMContentLoaded', function () { document.getElementById('widget').textContent = 'widget ready'; });");
        File.WriteAllText(dir.File("shop.css"), "#widget { border-left: 7px solid rgb(5, 80, 174); }");
        var certs = string.Join("\n", new[]
        {
            ca.Issue(dir.Path, "apex", null, "shop.test", "www.shop.test", "admin.shop.test"),
            ca.Issue(dir.Path, "wildcard", null, "*.shop.test"),
            ca.Issue(dir.Path, "customer", null, "shop.customer.test"),
        }.Select(c => $"    - {{ cert: {c.Cert}, key: {c.Key} }}"));
        await using var app = await TestApp.StartAsync(Pharos.Tests.FailoverSite.FailoverSiteTests.Yaml(dir.Path, certs));
        await app.Store.SeedIncidentAsync(Samples.Incident("brw000000007", DateTimeOffset.UtcNow, name: "Checkout unavailable", body: "Traffic is on our standby environment."), CancellationToken.None);
        await app.RefreshAsync();
        var sitePort = app.Services.GetRequiredService<FailoverSiteHost>().Addresses.First(a => a.Scheme == "https").Port;

        // The customer's own site: another loopback origin.
        await using var customer = await CustomerSiteAsync($"https://www.shop.test:{sitePort}");

        // shop.test resolves to the failover site, as DNS does after a failover; the test CA is not in Chromium's store.
        await using var browser = await Browser.LaunchAsync("--host-resolver-rules=MAP *.shop.test 127.0.0.1, MAP shop.test 127.0.0.1");
        var (page, errors) = await browser.NewPageAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = true });
        await page.GotoAsync(customer.Address);
        await page.Locator("#widget:text('widget ready')").WaitForAsync(new() { Timeout = 10_000 });
        (await page.EvaluateAsync<bool>("() => window.shopWidget && window.shopWidget.ready")).ShouldBeTrue();
        (await page.EvaluateAsync<string>("() => getComputedStyle(document.getElementById('widget')).borderLeftWidth")).ShouldBe("7px");
        errors.ShouldBeEmpty();

        var (maintenance, _) = await browser.NewPageAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = true, Locale = "en-US" });
        var response = await maintenance.GotoAsync($"https://www.shop.test:{sitePort}/checkout");
        response!.Status.ShouldBe(503);
        (await maintenance.Locator("h1").TextContentAsync()).ShouldBe("We'll be right back");
        (await maintenance.Locator("[data-incident-id]").TextContentAsync())!.ShouldContain("Checkout unavailable");
        await maintenance.ScreenshotAsync(new() { Path = TestOutput.File("failover-site-maintenance.png"), FullPage = true });
    }

    private static async Task<CustomerSite> CustomerSiteAsync(string shopOrigin)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/", () => Results.Content($$"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Jo's Bakery</title><link rel="icon" href="data:,">
            <link rel="stylesheet" href="{{shopOrigin}}/static/shop.css">
            <script src="{{shopOrigin}}/static/shop.js"></script></head>
            <body><h1>Jo's Bakery</h1><div id="widget">widget loading</div></body></html>
            """, "text/html"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CustomerSite(app, address);
    }

    private sealed record CustomerSite(WebApplication App, string Address) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
