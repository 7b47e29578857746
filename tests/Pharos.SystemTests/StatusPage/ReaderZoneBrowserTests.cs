using Microsoft.Playwright;
using Pharos.SystemTests.Support;

namespace Pharos.SystemTests.StatusPage;

/// <summary>The page's script adds the reader's own zone, from the browser, beside the zones the server wrote.</summary>
public sealed class ReaderZoneBrowserTests
{
    [SkippableFact]
    public async Task The_readers_zone_appears_beside_server_times_and_not_when_it_is_already_shown()
    {
        await using var browser = await Browser.LaunchAsync();
        await using var app = await TestApp.StartAsync();
        var start = DateTimeOffset.UtcNow.AddDays(2);
        await app.Store.SeedMaintenanceAsync(Samples.Maintenance("zonemnt00001", start, start.AddHours(2), DateTimeOffset.UtcNow, "app") with { Name = "Zone test window" });
        await app.RefreshAsync();
        var url = new Uri(app.Address, "/maintenance/zonemnt00001").ToString();

        // Tokyo is neither the display zone (Los Angeles) nor UTC: the reader sees their own time, and the server's stay.
        var (tokyo, errors) = await browser.NewPageAsync(new BrowserNewContextOptions { TimezoneId = "Asia/Tokyo", Locale = "en-US" });
        await tokyo.GotoAsync(url);
        var reader = tokyo.Locator("p.when > .reader-zone[data-zone='Asia/Tokyo']");
        await reader.WaitForAsync(new() { Timeout = 10_000 });
        var text = await reader.TextContentAsync();
        text.ShouldNotBeNull();
        text.ShouldContain("Your time (Asia/Tokyo)");
        text.ShouldContain("GMT+9");
        var startText = await tokyo.EvaluateAsync<string>(
            "iso => new Intl.DateTimeFormat('en', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso))",
            Pharos.StatusPage.TimeDisplay.IsoUtc(start));
        text.ShouldContain(startText);
        (await tokyo.Locator(".update-when > .reader-zone").CountAsync()).ShouldBe(1);
        (await tokyo.Locator("p.when .local").TextContentAsync())!.ShouldContain("(UTC\u22128)");
        await tokyo.ScreenshotAsync(new() { Path = TestOutput.File("reader-zone-tokyo.png"), FullPage = true });
        errors.ShouldBeEmpty();

        // A reader in the display zone already sees it: nothing is added.
        var (local, _) = await browser.NewPageAsync(new BrowserNewContextOptions { TimezoneId = "America/Los_Angeles" });
        await local.GotoAsync(url);
        await local.WaitForFunctionAsync("() => document.readyState === 'complete'");
        (await local.Locator(".reader-zone").CountAsync()).ShouldBe(0);

        // Without JavaScript the server's times are all there is.
        var (noScript, _) = await browser.NewPageAsync(new BrowserNewContextOptions { TimezoneId = "Asia/Tokyo", JavaScriptEnabled = false });
        await noScript.GotoAsync(url);
        (await noScript.Locator("p.when .utc").CountAsync()).ShouldBe(1);
        (await noScript.Locator(".reader-zone").CountAsync()).ShouldBe(0);
    }
}
