using System.Text.Json;
using Microsoft.Playwright;
using Pharos.SystemTests.Support;

namespace Pharos.SystemTests.StatusPage;

/// <summary>axe-core's WCAG 2 A/AA rules on the public pages, in light and dark mode.</summary>
public sealed class AccessibilityTests
{
    private static readonly string AxePath = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "node", "node_modules", "axe-core", "axe.min.js"));

    [SkippableTheory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task Public_pages_have_no_serious_accessibility_violations(ColorScheme scheme)
    {
        Requirements.File(AxePath, "axe-core (npm)");
        await using var browser = await Browser.LaunchAsync();
        await using var app = await TestApp.StartAsync(TestConfigs.Demo, demo: true);
        // axe is injected as an inline script, which the page's own CSP rightly forbids.
        var (page, _) = await browser.NewPageAsync(new BrowserNewContextOptions { ColorScheme = scheme, BypassCSP = true });
        var incident = app.Snapshot.Incidents.First(i => i.PostmortemBody is not null);
        var maintenance = app.Snapshot.Maintenances.First();

        var problems = new List<string>();
        foreach (var path in new[] { "/", "/history", $"/incidents/{incident.Id}", $"/maintenance/{maintenance.Id}", "/components/storefront", "/nope" })
        {
            await page.GotoAsync(new Uri(app.Address, path).ToString());
            await page.AddScriptTagAsync(new() { Path = AxePath });
            (await page.EvaluateAsync<string>("() => axe.version")).ShouldStartWith("4.");
            var json = await page.EvaluateAsync<JsonElement>(
                "async () => (await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] })).violations" +
                ".filter(v => v.impact === 'serious' || v.impact === 'critical')" +
                ".map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))");
            problems.AddRange(json.EnumerateArray().Select(v => $"{path} {v.GetString()}"));
        }

        problems.ShouldBeEmpty(string.Join('\n', problems));
    }
}
