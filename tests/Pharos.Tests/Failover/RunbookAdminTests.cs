using System.Net;
using Pharos.Accounts;
using Pharos.Failover.Runbook;
using Pharos.Tests.Support;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.Tests.Failover;

/// <summary>The runbook in the admin: shown to anyone who may read the admin, downloadable as Markdown, never to strangers.</summary>
public sealed class RunbookAdminTests
{
    [SkippableFact]
    public async Task The_policy_runbook_is_shown_and_downloadable_to_readers_only()
    {
        await using var app = await TestApp.StartAsync(BuiltinYaml(FreePort()));
        using (var stranger = new AdminBrowser(app))
        {
            var refused = await stranger.GetAsync("/admin/failover/shop/runbook.md");
            refused.StatusCode.ShouldNotBe(HttpStatusCode.OK);
            (await refused.Content.ReadAsStringAsync()).ShouldNotContain(PolicyRunbook.ToFailoverHeading);
        }

        await app.AddUserAsync("reader", UserRole.Viewer);
        using var browser = new AdminBrowser(app);
        (await browser.SignInAsync("reader")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);

        var page = await browser.GetAsync("/admin/failover/shop/runbook");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("Move to the failover side by hand");
        html.ShouldContain("127.0.0.20");
        html.ShouldContain("href=\"/admin/failover/shop/runbook.md\"");

        var md = await browser.GetAsync("/admin/failover/shop/runbook.md");
        md.StatusCode.ShouldBe(HttpStatusCode.OK);
        md.Content.Headers.ContentType!.MediaType.ShouldBe("text/markdown");
        md.Content.Headers.ContentDisposition!.FileName.ShouldNotBeNull().ShouldContain("runbook-shop.md");
        var text = await md.Content.ReadAsStringAsync();
        text.ShouldContain(PolicyRunbook.ToFailoverHeading);
        text.ShouldContain(PolicyRunbook.ToPrimaryHeading);

        (await browser.GetAsync("/admin/failover/nope/runbook")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await browser.GetAsync("/admin/failover/nope/runbook.md")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
