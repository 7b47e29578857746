using Microsoft.Playwright;
using Pharos.Domain;
using Pharos.Storage;
using Pharos.SystemTests.Support;

namespace Pharos.SystemTests.StatusPage;

/// <summary>The public page in a real Chromium: it loads cleanly, counts, and follows the database without a reload.</summary>
public sealed class PublicPageBrowserTests
{
    [SkippableFact]
    public async Task Page_counts_down_and_shows_an_incident_written_elsewhere_without_reloading()
    {
        await using var browser = await Browser.LaunchAsync();
        await using var app = await TestApp.StartAsync();
        var (page, errors) = await browser.NewPageAsync();

        await page.GotoAsync(app.Address.ToString());
        (await page.Locator("[data-component-id='app']").GetAttributeAsync("data-status")).ShouldBe("operational");
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        // The countdown moves: "next refresh in N seconds" changes by itself.
        var first = await page.Locator("#next-refresh").TextContentAsync();
        await page.WaitForFunctionAsync("t => document.getElementById('next-refresh').textContent !== t", first, new() { Timeout = 10_000 });

        // Another process writes an incident straight into the database.
        var other = new SqliteStatusStore(new SqliteDatabase(Path.Combine(app.DataDirectory, "pharos.db")));
        await other.SeedIncidentAsync(Samples.Incident("brw000000001", DateTimeOffset.UtcNow, name: "Written by another process",
            components: new AffectedComponent("app", ComponentStatus.MajorOutage)), CancellationToken.None);

        await page.Locator("[data-incident-id='brw000000001']").First.WaitForAsync(new() { Timeout = 20_000 });
        (await page.Locator("[data-component-id='app']").GetAttributeAsync("data-status")).ShouldBe("major_outage");
        (await page.EvaluateAsync<bool>("() => window.__sameDocument === true")).ShouldBeTrue("the content was swapped in place, not reloaded");
        (await page.Locator(".banner").GetAttributeAsync("data-indicator")).ShouldBe("critical");

        await page.ScreenshotAsync(new() { Path = TestOutput.File("status-page.png"), FullPage = true });
        errors.ShouldBeEmpty();
    }

    [SkippableFact]
    public async Task Demo_page_loads_without_console_errors_on_a_phone_in_dark_mode()
    {
        await using var browser = await Browser.LaunchAsync();
        await using var app = await TestApp.StartAsync(TestConfigs.Demo, demo: true);
        var (page, errors) = await browser.NewPageAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            ColorScheme = ColorScheme.Dark,
        });

        await page.GotoAsync(app.Address.ToString());
        await page.Locator("#past").WaitForAsync();
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        overflow.ShouldBeFalse("the page fits a phone's width");
        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        background.ShouldNotBe("rgb(255, 255, 255)", "dark mode follows prefers-color-scheme");
        await page.ScreenshotAsync(new() { Path = TestOutput.File("status-page-phone-dark.png"), FullPage = false });

        foreach (var path in new[] { "/history", "/history?page=2" })
        {
            await page.GotoAsync(new Uri(app.Address, path).ToString());
        }

        var incident = app.Snapshot.Incidents.First(i => i.PostmortemBody is not null);
        await page.GotoAsync(new Uri(app.Address, $"/incidents/{incident.Id}").ToString());
        (await page.Locator("h1").TextContentAsync()).ShouldBe(incident.Name);
        errors.ShouldBeEmpty();
    }

    [SkippableFact]
    public async Task Page_works_without_JavaScript()
    {
        await using var browser = await Browser.LaunchAsync();
        await using var app = await TestApp.StartAsync(TestConfigs.Demo, demo: true);
        var (page, _) = await browser.NewPageAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });
        await page.GotoAsync(app.Address.ToString());
        (await page.Locator("[data-component-id]").CountAsync()).ShouldBeGreaterThan(5);
        (await page.Locator("[data-incident-id]").CountAsync()).ShouldBeGreaterThan(0);
        (await page.Locator("noscript").CountAsync()).ShouldBeGreaterThan(0);
        await page.ClickAsync("a[href='/history']");
        (await page.Locator("h1").TextContentAsync()).ShouldBe("Incident history");
    }
}
