using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Pharos.Accounts;
using Pharos.SystemTests.Support;

namespace Pharos.SystemTests.Admin;

/// <summary>An operator in a real Chromium: two-factor sign-in, then an incident from first word to resolution.</summary>
public sealed class AdminBrowserTests
{
    [SkippableFact]
    public async Task Operator_signs_in_with_2fa_and_runs_an_incident_to_resolution()
    {
        await using var browser = await Browser.LaunchAsync();
        await using var app = await TestApp.StartAsync();
        var user = await app.AddUserAsync("ops", UserRole.Editor);
        var secret = await app.EnrolTotpAsync(user);
        var (page, errors) = await browser.NewPageAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });

        // Sign in: password, then the code from the authenticator app.
        await page.GotoAsync(new Uri(app.Address, "/admin").ToString());
        await ArriveAsync(page, "/admin/login");
        await page.FillAsync("#name", "ops");
        await page.FillAsync("#password", AdminTestExtensions.Password);
        await page.ClickAsync("#sign-in");
        await ArriveAsync(page, "/admin/login/2fa$");
        await page.FillAsync("#code", TotpTestExtensions.CurrentCode(secret));
        await page.ClickAsync("#verify");
        await ArriveAsync(page, "/admin$");
        await page.Locator("#open-incidents").WaitForAsync();

        // Open an incident on two components, previewing the Markdown first.
        await page.GotoAsync(new Uri(app.Address, "/admin/incidents/new").ToString());
        await page.FillAsync("#name", "Checkout and admin failing");
        await page.SelectOptionAsync("#impact", "major");
        await page.SelectOptionAsync("#component-app", "major_outage");
        await page.SelectOptionAsync("#component-admin", "partial_outage");
        await page.FillAsync("#message", "We are **investigating** failed checkouts.");
        await page.ClickAsync("#preview-button");
        (await page.Locator("#preview strong").TextContentAsync()).ShouldBe("investigating");
        await page.ClickAsync("#create");
        await ArriveAsync(page, "/admin/incidents/[a-z0-9]{12}(\\?|$)");
        var id = (await page.Locator("h1[data-incident-id]").GetAttributeAsync("data-incident-id"))!;
        await PublicViews.ShouldShowAsync(app, id, "investigating", "failed checkouts", appStatus: "major_outage");

        await page.GotoAsync(new Uri(app.Address, "/admin").ToString());
        await page.Locator($"#open-incidents [data-incident-id='{id}']").WaitForAsync();
        await page.ScreenshotAsync(new() { Path = TestOutput.File("admin-dashboard.png"), FullPage = true });

        // Two updates: the cause, then the fix being watched with the app only degraded.
        await page.GotoAsync(new Uri(app.Address, $"/admin/incidents/{id}").ToString());
        await page.SelectOptionAsync("#status", "identified");
        await page.FillAsync("#message", "A bad deploy; rolling back.");
        await page.ClickAsync("#post-update");
        await page.Locator(".notice").WaitForAsync();
        await PublicViews.ShouldShowAsync(app, id, "identified", "rolling back", appStatus: "major_outage");

        await page.SelectOptionAsync("#status", "monitoring");
        await page.SelectOptionAsync("#component-app", "degraded_performance");
        await page.FillAsync("#message", "Rolled back; watching the error rate.");
        await page.ClickAsync("#post-update");
        await page.Locator("h1[data-incident-status='monitoring']").WaitForAsync();
        await PublicViews.ShouldShowAsync(app, id, "monitoring", "watching the error rate", appStatus: "degraded_performance");

        // Resolve.
        await page.FillAsync("#resolve-message", "All checkouts succeed again.");
        await page.ClickAsync("#resolve");
        await page.Locator("h1[data-incident-status='resolved']").WaitForAsync();
        await PublicViews.ShouldShowAsync(app, id, "resolved", "All checkouts succeed again", appStatus: "operational");

        // The public page in the same browser says so too, and the admin dashboard has nothing open.
        await page.GotoAsync(new Uri(app.Address, $"/incidents/{id}").ToString());
        (await page.Locator($"[data-incident-id='{id}']").First.GetAttributeAsync("data-incident-status")).ShouldBe("resolved");
        await page.GotoAsync(new Uri(app.Address, "/admin").ToString());
        (await page.Locator($"#open-incidents [data-incident-id='{id}']").CountAsync()).ShouldBe(0);
        await page.ScreenshotAsync(new() { Path = TestOutput.File("admin-dashboard-resolved.png"), FullPage = true });
        errors.ShouldBeEmpty();
    }

    /// <summary>Waits for the address and the page's main content; on failure says where the browser is and what it shows.</summary>
    private static async Task ArriveAsync(IPage page, string pattern)
    {
        // Polls the address rather than waiting for navigation events: a POST answered by 303 can finish its
        // navigation before a wait starts, and the "load" event has proved flaky under CPU contention.
        var regex = new Regex(pattern);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (regex.IsMatch(page.Url) && await page.Locator("main").CountAsync() > 0)
            {
                await page.Locator("main").WaitForAsync(new() { Timeout = 10_000 });
                return;
            }

            await page.WaitForTimeoutAsync(50);
        }

        var text = await page.Locator("main").CountAsync() > 0 ? await page.Locator("main").InnerTextAsync() : "(no main)";
        throw new ShouldAssertException($"expected {pattern} but the browser is at {page.Url} showing: {text}");
    }
}
