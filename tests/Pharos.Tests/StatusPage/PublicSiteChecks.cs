using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml.Linq;
using AngleSharp.Html.Parser;
using Pharos.Domain;
using Pharos.StatusPage;
using Pharos.StatusPage.Badges;
using Pharos.Tests.Api;

namespace Pharos.Tests.StatusPage;

/// <summary>
/// What a reader and a tool see of the public site, as checks against any base address: the live Pharos runs them,
/// and so does nginx serving the folder `pharos export --site` wrote, so the static copy is held to the same answers.
/// </summary>
public static class PublicSiteChecks
{
    public static readonly string[] MissingPaths = ["/incidents/abc", "/maintenance/abc", "/components/abc", "/no/such/page", "/history?page=9999"];

    public static readonly string[] EtagPaths = ["/", "/api/v2/summary.json", "/history.atom", "/maintenance.ics", "/badge.svg"];

    /// <summary>Every check in turn, for a site that holds the snapshot's data; brotli only where the server can offer it.</summary>
    public static async Task AllAsync(HttpClient client, StatusSnapshot s, bool brotli = true)
    {
        await HomePageAsync(client);
        await HistoryAsync(client);
        await DetailPagesAsync(client, s);
        await PostmortemAsync(client, s);
        foreach (var path in MissingPaths)
        {
            await NotFoundAsync(client, path);
        }

        foreach (var path in EtagPaths)
        {
            await EtagAsync(client, path);
        }

        await HeadAsync(client);
        foreach (var path in new[] { "/", "/api/v2/summary.json", $"/incidents/{s.Incidents[0].Id}" })
        {
            await CompressedAsync(client, path, "gzip");
            if (brotli)
            {
                await CompressedAsync(client, path, "br");
            }
        }

        foreach (var name in StatuspageApiGoldenTests.Documents)
        {
            await ApiDocumentAsync(client, name);
        }

        await SecurityHeadersAsync(client);
        await AssetsAsync(client);
        await BadgesAsync(client, s);
    }

    public static async Task HomePageAsync(HttpClient client)
    {
        var html = await client.GetStringAsync("/");
        var doc = new HtmlParser().ParseDocument(html);
        doc.QuerySelector("#present").ShouldNotBeNull();
        doc.QuerySelector("#future").ShouldNotBeNull();
        doc.QuerySelector("#past").ShouldNotBeNull();
        doc.QuerySelector("main").ShouldNotBeNull();
        doc.QuerySelector("html")!.GetAttribute("lang").ShouldBe("en");
        doc.QuerySelectorAll("[data-component-id][data-status]").Length.ShouldBeGreaterThanOrEqualTo(4);
        doc.QuerySelectorAll("[data-incident-id]").Length.ShouldBeGreaterThan(0);
        doc.QuerySelector("#live")!.GetAttribute("data-generated-at").ShouldNotBeNullOrEmpty();
        doc.QuerySelector("noscript meta[http-equiv=refresh]").ShouldNotBeNull();
        doc.QuerySelectorAll("script:not([src])").Length.ShouldBe(0, "no inline script");
        foreach (var el in doc.QuerySelectorAll("[src], link[href]"))
        {
            var url = el.GetAttribute("src") ?? el.GetAttribute("href")!;
            url.ShouldStartWith("/", customMessage: "no asset from another host");
        }
    }

    public static async Task HistoryAsync(HttpClient client)
    {
        var first = new HtmlParser().ParseDocument(await client.GetStringAsync("/history"));
        first.QuerySelector("a[rel=next]")!.GetAttribute("href").ShouldBe("/history?page=2");
        var page5 = await client.GetAsync("/history?page=5");
        page5.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await page5.Content.ReadAsStringAsync();
        text.ShouldContain("data-incident-id");
        text.ShouldNotBe(await client.GetStringAsync("/history"), "page 5 is not page 1 again");
    }

    public static async Task DetailPagesAsync(HttpClient client, StatusSnapshot s)
    {
        foreach (var path in s.Incidents.Take(5).Select(i => $"/incidents/{i.Id}")
                     .Concat(s.Maintenances.Take(3).Select(m => $"/maintenance/{m.Id}"))
                     .Concat(s.Config.Components.Select(c => $"/components/{c.Id}")))
        {
            var response = await client.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html", path);
        }
    }

    public static async Task PostmortemAsync(HttpClient client, StatusSnapshot s)
    {
        var pm = s.Incidents.First(i => i.PostmortemBody is not null);
        var html = await client.GetStringAsync($"/incidents/{pm.Id}");
        html.ShouldContain("Postmortem");
        html.ShouldContain("<h2>What happened</h2>");
    }

    public static async Task NotFoundAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound, path);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html", path);
        (await response.Content.ReadAsStringAsync()).ShouldContain("<h1>", customMessage: path);
    }

    public static async Task EtagAsync(HttpClient client, string path)
    {
        var first = await client.GetAsync(path);
        first.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        var etag = first.Headers.ETag.ShouldNotBeNull(path);
        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(etag);
        var second = await client.SendAsync(again);
        second.StatusCode.ShouldBe(HttpStatusCode.NotModified, path);
        (await second.Content.ReadAsByteArrayAsync()).Length.ShouldBe(0);
        second.Headers.ETag.ShouldBe(etag);

        using var stale = new HttpRequestMessage(HttpMethod.Get, path);
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"stale\""));
        (await client.SendAsync(stale)).StatusCode.ShouldBe(HttpStatusCode.OK, path);
    }

    public static async Task HeadAsync(HttpClient client)
    {
        using var head = new HttpRequestMessage(HttpMethod.Head, "/api/v2/summary.json");
        var response = await client.SendAsync(head);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.ETag.ShouldNotBeNull();
        response.Content.Headers.ContentLength.ShouldNotBeNull().ShouldBeGreaterThan(0);
        (await response.Content.ReadAsByteArrayAsync()).Length.ShouldBe(0);
    }

    /// <summary>The coding is served when asked for, and decodes to the same bytes as the uncompressed answer.</summary>
    public static async Task CompressedAsync(HttpClient client, string path, string coding)
    {
        var plain = await client.GetByteArrayAsync(path);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.ParseAdd(coding);
        var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        response.Content.Headers.ContentEncoding.ShouldBe([coding], $"{path} in {coding}");
        response.Headers.Vary.ShouldContain("Accept-Encoding");
        await using var body = await response.Content.ReadAsStreamAsync();
        await using Stream decoded = coding == "br" ? new BrotliStream(body, CompressionMode.Decompress) : new GZipStream(body, CompressionMode.Decompress);
        using var ms = new MemoryStream();
        await decoded.CopyToAsync(ms);
        ms.ToArray().ShouldBe(plain, $"{path} in {coding} decodes to the page");
    }

    public static async Task ApiDocumentAsync(HttpClient client, string name)
    {
        var response = await client.GetAsync("/api/v2/" + name);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, name);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json", name);
        response.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["*"], name);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        StatuspageShapeTests.CheckDocument(doc.RootElement);
    }

    public static async Task SecurityHeadersAsync(HttpClient client)
    {
        foreach (var path in new[] { "/", "/api/v2/status.json", "/nope" })
        {
            var r = await client.GetAsync(path);
            var csp = r.Headers.GetValues("Content-Security-Policy").Single();
            csp.ShouldContain("script-src 'self'");
            csp.ShouldContain("frame-ancestors 'none'");
            r.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
            r.Headers.Contains("Referrer-Policy").ShouldBeTrue();
        }
    }

    public static async Task AssetsAsync(HttpClient client)
    {
        var html = new HtmlParser().ParseDocument(await client.GetStringAsync("/"));
        var css = html.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")!;
        var r = await client.GetAsync(css);
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        r.Content.Headers.ContentType!.MediaType.ShouldBe("text/css");
        r.Headers.CacheControl!.MaxAge.ShouldBe(TimeSpan.FromDays(365));
        var js = await client.GetAsync("/embed.js");
        js.StatusCode.ShouldBe(HttpStatusCode.OK);
        js.Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
        js.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["*"]);
    }

    /// <summary>
    /// The page's badge and each component's: SVG whose words and colour agree. Which status they show is checked by
    /// BadgeTests on a quiet site; the demo's checks may move a status between two requests here.
    /// </summary>
    public static async Task BadgesAsync(HttpClient client, StatusSnapshot s)
    {
        var page = await BadgeAsync(client, "/badge.svg");
        Enum.GetValues<PageIndicator>().Any(i => page.Title == $"{s.Config.Site.Name}: {Labels.Banner(i)}" && page.Fills.Contains(BadgeSvg.Colour(i)))
            .ShouldBeTrue(page.Title);
        foreach (var c in s.Config.Components)
        {
            var badge = await BadgeAsync(client, $"/badge/{c.Id}.svg");
            Enum.GetValues<ComponentStatus>().Any(x => badge.Title == $"{c.Name}: {Labels.Of(x)}" && badge.Fills.Contains(BadgeSvg.Colour(x)))
                .ShouldBeTrue(badge.Title);
        }

        await NotFoundAsync(client, "/badge/no-such-component.svg");
    }

    /// <summary>Fetches a badge, checks it is well-formed SVG served as such, and returns its title and fill colours.</summary>
    public static async Task<(string Title, IReadOnlyList<string> Fills)> BadgeAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml", path);
        response.Headers.ETag.ShouldNotBeNull(path);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync());
        XNamespace ns = "http://www.w3.org/2000/svg";
        svg.Root!.Name.ShouldBe(ns + "svg");
        svg.Root.Attribute("role")!.Value.ShouldBe("img");
        var title = svg.Root.Element(ns + "title")!.Value;
        svg.Root.Attribute("aria-label")!.Value.ShouldBe(title);
        var fills = svg.Descendants(ns + "rect").Select(r => (string?)r.Attribute("fill")).OfType<string>().ToList();
        return (title, fills);
    }
}
