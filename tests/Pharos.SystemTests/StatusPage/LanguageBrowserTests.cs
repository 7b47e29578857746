using System.Text.Json;
using Microsoft.Playwright;
using Pharos.SystemTests.Support;

namespace Pharos.SystemTests.StatusPage;

/// <summary>The page's languages in a real Chromium: the browser's language, the switcher without script, and axe in each language.</summary>
public sealed class LanguageBrowserTests
{
    private static readonly string AxePath = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "node", "node_modules", "axe-core", "axe.min.js"));

    [SkippableFact]
    public async Task A_German_browser_gets_the_page_in_German_and_the_switcher_changes_the_language_without_script()
    {
        await using var browser = await Browser.LaunchAsync();
        await using var app = await TestApp.StartAsync(TestConfigs.Demo, demo: true);
        var (page, errors) = await browser.NewPageAsync(new BrowserNewContextOptions
        {
            Locale = "de-DE",
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = "de-DE,de;q=0.9" },
        });

        await page.GotoAsync(app.Address.ToString());
        (await page.Locator("html").GetAttributeAsync("lang")).ShouldBe("de");
        (await page.Locator("#present-h").TextContentAsync()).ShouldBe("Aktueller Zustand");
        (await page.Locator("#future-h").TextContentAsync()).ShouldBe("Geplante Wartungen");
        (await page.Locator("nav.languages a[aria-current='true']").TextContentAsync()).ShouldBe("Deutsch");
        await page.ScreenshotAsync(new() { Path = TestOutput.File("status-page-de.png"), FullPage = true });

        // Without JavaScript: the switcher is plain links, and the chosen language stays on the next page.
        var (plain, _) = await browser.NewPageAsync(new BrowserNewContextOptions { Locale = "de-DE", JavaScriptEnabled = false });
        await plain.GotoAsync(app.Address.ToString());
        (await plain.Locator("html").GetAttributeAsync("lang")).ShouldBe("de");
        await plain.Locator("nav.languages a[lang='fr']").ClickAsync();
        await plain.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/fr/");
        (await plain.Locator("html").GetAttributeAsync("lang")).ShouldBe("fr");
        (await plain.Locator("#present-h").TextContentAsync()).ShouldBe("État actuel");
        await plain.Locator("header nav a", new() { HasTextString = "Historique" }).ClickAsync();
        await plain.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/fr/history");
        (await plain.Locator("h1").TextContentAsync()).ShouldBe("Historique des incidents");
        await plain.Locator("nav.languages a[lang='en']").ClickAsync();
        await plain.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/en/history");
        (await plain.Locator("h1").TextContentAsync()).ShouldBe("Incident history", "English chosen on the page beats the browser's German");
        errors.ShouldBeEmpty();
    }

    [SkippableTheory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task Every_language_has_no_serious_accessibility_violations(ColorScheme scheme)
    {
        Requirements.File(AxePath, "axe-core (npm)");
        await using var browser = await Browser.LaunchAsync();
        await using var app = await TestApp.StartAsync(TestConfigs.Demo, demo: true);
        var (page, _) = await browser.NewPageAsync(new BrowserNewContextOptions { ColorScheme = scheme, BypassCSP = true });
        var incident = app.Snapshot.Incidents.First(i => i.PostmortemBody is not null);
        var maintenance = app.Snapshot.Maintenances.First();

        var problems = new List<string>();
        var checkedPages = 0;
        foreach (var language in new[] { "en", "de", "fr", "es" })
        {
            foreach (var path in new[] { "/", "/history", $"/incidents/{incident.Id}", $"/maintenance/{maintenance.Id}", "/components/storefront" })
            {
                await page.GotoAsync(new Uri(app.Address, $"/{language}{path}").ToString());
                (await page.Locator("html").GetAttributeAsync("lang")).ShouldBe(language);
                await page.AddScriptTagAsync(new() { Path = AxePath });
                var json = await page.EvaluateAsync<JsonElement>(
                    "async () => (await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] })).violations" +
                    ".filter(v => v.impact === 'serious' || v.impact === 'critical')" +
                    ".map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))");
                problems.AddRange(json.EnumerateArray().Select(v => $"/{language}{path} {v.GetString()}"));
                checkedPages++;
            }
        }

        checkedPages.ShouldBe(20);
        problems.ShouldBeEmpty(string.Join('\n', problems));
    }
}
