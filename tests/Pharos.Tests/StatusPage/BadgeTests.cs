using System.Net;
using Pharos.Domain;
using Pharos.StatusPage.Badges;
using Pharos.Tests.Support;

namespace Pharos.Tests.StatusPage;

public sealed class BadgeTests
{
    private const string Hostile = "Pay <script>alert(1)</script> & \"Co\" 'x'";

    private static string Config => TestConfigs.Basic.Replace("name: Application", $"name: '{Hostile.Replace("'", "''", StringComparison.Ordinal)}'", StringComparison.Ordinal)
        .Replace("name: Test Shop", "name: 'Shop <&> Co'", StringComparison.Ordinal);

    [Fact]
    public async Task Names_with_markup_characters_are_escaped_and_the_badge_stays_well_formed_svg()
    {
        await using var app = await TestApp.StartAsync(Config);
        var badge = await PublicSiteChecks.BadgeAsync(app.Client, "/badge/app.svg");
        badge.Title.ShouldBe($"{Hostile}: Operational");
        var raw = await app.Client.GetStringAsync("/badge/app.svg");
        raw.ShouldNotContain("<script>");
        raw.ShouldContain("&lt;script&gt;");
        (await PublicSiteChecks.BadgeAsync(app.Client, "/badge.svg")).Title.ShouldBe("Shop <&> Co: All systems operational");
        (await PublicSiteChecks.BadgeAsync(app.Client, "/badge/core.svg")).Title.ShouldBe("Core: Operational", "groups have badges too");
    }

    [Fact]
    public async Task A_status_change_shows_on_the_badges_after_the_snapshot_refresh_with_a_new_etag()
    {
        await using var app = await TestApp.StartAsync();
        var before = await app.Client.GetAsync("/badge/app.svg");
        var beforePage = await PublicSiteChecks.BadgeAsync(app.Client, "/badge.svg");
        beforePage.Fills.ShouldContain(BadgeSvg.Colour(PageIndicator.None));

        await app.Store.SeedIncidentAsync(Samples.Incident("bdg000000001", DateTimeOffset.UtcNow.AddMinutes(-1), components: new AffectedComponent("app", ComponentStatus.MajorOutage)), CancellationToken.None);
        await app.RefreshAsync();

        var after = await PublicSiteChecks.BadgeAsync(app.Client, "/badge/app.svg");
        after.Title.ShouldBe("Application: Major outage");
        after.Fills.ShouldContain(BadgeSvg.Colour(ComponentStatus.MajorOutage));
        var page = await PublicSiteChecks.BadgeAsync(app.Client, "/badge.svg");
        page.Title.ShouldBe("Test Shop: Major outage");
        page.Fills.ShouldContain(BadgeSvg.Colour(PageIndicator.Critical));
        (await PublicSiteChecks.BadgeAsync(app.Client, "/badge/forum.svg")).Title.ShouldBe("Forum: Operational", "a component the incident does not touch");

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, "/badge/app.svg");
        revalidate.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        (await app.Client.SendAsync(revalidate)).StatusCode.ShouldBe(HttpStatusCode.OK, "the old ETag no longer matches");
    }

    [Fact]
    public async Task Badges_are_cached_like_the_page_and_pre_compressed()
    {
        await using var app = await TestApp.StartAsync();
        await PublicSiteChecks.EtagAsync(app.Client, "/badge/app.svg");
        var response = await app.Client.GetAsync("/badge/app.svg");
        var cache = response.Headers.CacheControl!;
        (cache.Public, cache.MaxAge, cache.MustRevalidate).ShouldBe((true, TimeSpan.Zero, true), "revalidated at every view, as the page is");
        await PublicSiteChecks.CompressedAsync(app.Client, "/badge/app.svg", "br");
        await PublicSiteChecks.CompressedAsync(app.Client, "/badge/app.svg", "gzip");
        await PublicSiteChecks.NotFoundAsync(app.Client, "/badge/nope.svg");
        await PublicSiteChecks.NotFoundAsync(app.Client, "/badge/app.png");
    }

    [Fact]
    public async Task The_embed_script_inserts_text_only_and_reads_the_open_api()
    {
        await using var app = await TestApp.StartAsync();
        var response = await app.Client.GetAsync("/embed.js");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().ShouldBe("text/javascript; charset=utf-8");
        response.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["*"]);
        response.Headers.ETag.ShouldNotBeNull();
        var script = await response.Content.ReadAsStringAsync();
        script.ShouldContain("/api/v2/summary.json");
        script.ShouldContain("textContent");
        foreach (var sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(" })
        {
            script.ShouldNotContain(sink, customMessage: "text from the API never goes in as HTML");
        }

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v2/summary.json");
        preflight.Headers.Add("Origin", "https://shop.example.net");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        var answer = await app.Client.SendAsync(preflight);
        answer.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["*"]);
    }
}
