using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Pharos.Domain;
using Pharos.Tests.Api;
using Pharos.Tests.Support;

namespace Pharos.Tests.StatusPage;

public sealed class PublicSiteHttpTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(TestConfigs.Demo, demo: true);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Home_page_shows_present_future_and_past()
    {
        var html = await _app.Client.GetStringAsync("/");
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

    [Fact]
    public async Task Hidden_component_appears_only_when_degraded()
    {
        (await _app.Client.GetStringAsync("/")).ShouldNotContain("data-component-id=\"legacy-api\"");
        await _app.Store.SeedIncidentAsync(Samples.Incident("brk000000001", DateTimeOffset.UtcNow.AddMinutes(-1), components: new AffectedComponent("legacy-api", ComponentStatus.MajorOutage)), CancellationToken.None);
        await _app.RefreshAsync();
        var html = await _app.Client.GetStringAsync("/");
        html.ShouldContain("data-component-id=\"legacy-api\" data-status=\"major_outage\"");
        html.ShouldContain("data-indicator=\"critical\"");
    }

    [Theory]
    [InlineData("/incidents/abc")]
    [InlineData("/maintenance/abc")]
    [InlineData("/components/abc")]
    [InlineData("/no/such/page")]
    [InlineData("/history?page=9999")]
    public async Task Unknown_addresses_get_a_real_404_page(string path)
    {
        var response = await _app.Client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await response.Content.ReadAsStringAsync()).ShouldContain("<h1>");
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("abc")]
    [InlineData("1.5")]
    public async Task Bad_history_page_numbers_are_400(string page)
    {
        var response = await _app.Client.GetAsync($"/history?page={page}");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task History_pages_go_back_through_the_year()
    {
        var first = new HtmlParser().ParseDocument(await _app.Client.GetStringAsync("/history"));
        first.QuerySelector("a[rel=next]")!.GetAttribute("href").ShouldBe("/history?page=2");
        var page5 = await _app.Client.GetAsync("/history?page=5");
        page5.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page5.Content.ReadAsStringAsync()).ShouldContain("data-incident-id");
    }

    [Fact]
    public async Task Detail_pages_exist_for_every_incident_maintenance_and_component()
    {
        var s = _app.Snapshot;
        foreach (var path in s.Incidents.Take(5).Select(i => $"/incidents/{i.Id}")
                     .Concat(s.Maintenances.Take(3).Select(m => $"/maintenance/{m.Id}"))
                     .Concat(s.Config.Components.Select(c => $"/components/{c.Id}")))
        {
            (await _app.Client.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.OK, path);
        }
    }

    [Fact]
    public async Task Postmortem_is_shown_on_its_incident_page()
    {
        var pm = _app.Snapshot.Incidents.First(i => i.PostmortemBody is not null);
        var html = await _app.Client.GetStringAsync($"/incidents/{pm.Id}");
        html.ShouldContain("Postmortem");
        html.ShouldContain("<h2>What happened</h2>");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/v2/summary.json")]
    [InlineData("/history.atom")]
    [InlineData("/maintenance.ics")]
    public async Task Etag_answers_304_when_nothing_changed(string path)
    {
        var first = await _app.Client.GetAsync(path);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        var etag = first.Headers.ETag!;
        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(etag);
        var second = await _app.Client.SendAsync(again);
        second.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        (await second.Content.ReadAsByteArrayAsync()).Length.ShouldBe(0);
        second.Headers.ETag.ShouldBe(etag);

        using var stale = new HttpRequestMessage(HttpMethod.Get, path);
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"stale\""));
        (await _app.Client.SendAsync(stale)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Head_gets_headers_without_a_body()
    {
        using var head = new HttpRequestMessage(HttpMethod.Head, "/api/v2/summary.json");
        var response = await _app.Client.SendAsync(head);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.ETag.ShouldNotBeNull();
        response.Content.Headers.ContentLength.ShouldNotBeNull().ShouldBeGreaterThan(0);
        (await response.Content.ReadAsByteArrayAsync()).Length.ShouldBe(0);
    }

    [Fact]
    public async Task Gzip_is_served_to_clients_that_ask_for_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        var response = await _app.Client.SendAsync(request);
        response.Content.Headers.ContentEncoding.ShouldContain("gzip");
        await using var gz = new System.IO.Compression.GZipStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        (await new StreamReader(gz).ReadToEndAsync()).ShouldContain("<!DOCTYPE html>");
    }

    [Theory]
    [MemberData(nameof(StatuspageApiGoldenTests.Documents), MemberType = typeof(StatuspageApiGoldenTests))]
    public async Task Every_v2_endpoint_answers_with_its_shape_and_open_CORS(string name)
    {
        var response = await _app.Client.GetAsync("/api/v2/" + name);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        response.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["*"]);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        StatuspageShapeTests.CheckDocument(doc.RootElement);
    }

    [Fact]
    public async Task Security_headers_are_on_every_response()
    {
        foreach (var path in new[] { "/", "/api/v2/status.json", "/nope" })
        {
            var r = await _app.Client.GetAsync(path);
            var csp = r.Headers.GetValues("Content-Security-Policy").Single();
            csp.ShouldContain("script-src 'self'");
            csp.ShouldContain("frame-ancestors 'none'");
            r.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
            r.Headers.Contains("Referrer-Policy").ShouldBeTrue();
        }
    }

    [Fact]
    public async Task Assets_are_cached_for_a_year()
    {
        var html = new HtmlParser().ParseDocument(await _app.Client.GetStringAsync("/"));
        var css = html.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")!;
        var r = await _app.Client.GetAsync(css);
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        r.Content.Headers.ContentType!.MediaType.ShouldBe("text/css");
        r.Headers.CacheControl!.MaxAge.ShouldBe(TimeSpan.FromDays(365));
    }
}
