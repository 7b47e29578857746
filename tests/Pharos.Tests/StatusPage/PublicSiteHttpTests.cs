using System.Net;
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
        await PublicSiteChecks.HomePageAsync(_app.Client);
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

    public static TheoryData<string> MissingPaths => [.. PublicSiteChecks.MissingPaths];

    public static TheoryData<string> EtagPaths => [.. PublicSiteChecks.EtagPaths];

    [Theory]
    [MemberData(nameof(MissingPaths))]
    public async Task Unknown_addresses_get_a_real_404_page(string path)
    {
        await PublicSiteChecks.NotFoundAsync(_app.Client, path);
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
        await PublicSiteChecks.HistoryAsync(_app.Client);
    }

    [Fact]
    public async Task Detail_pages_exist_for_every_incident_maintenance_and_component()
    {
        await PublicSiteChecks.DetailPagesAsync(_app.Client, _app.Snapshot);
    }

    [Fact]
    public async Task Postmortem_is_shown_on_its_incident_page()
    {
        await PublicSiteChecks.PostmortemAsync(_app.Client, _app.Snapshot);
    }

    [Theory]
    [MemberData(nameof(EtagPaths))]
    public async Task Etag_answers_304_when_nothing_changed(string path)
    {
        await PublicSiteChecks.EtagAsync(_app.Client, path);
    }

    [Fact]
    public async Task Head_gets_headers_without_a_body()
    {
        await PublicSiteChecks.HeadAsync(_app.Client);
    }

    [Theory]
    [InlineData("/", "gzip")]
    [InlineData("/", "br")]
    [InlineData("/api/v2/summary.json", "gzip")]
    [InlineData("/api/v2/summary.json", "br")]
    public async Task Compressed_copies_are_served_to_clients_that_ask_for_them(string path, string coding)
    {
        await PublicSiteChecks.CompressedAsync(_app.Client, path, coding);
    }

    [Theory]
    [MemberData(nameof(StatuspageApiGoldenTests.Documents), MemberType = typeof(StatuspageApiGoldenTests))]
    public async Task Every_v2_endpoint_answers_with_its_shape_and_open_CORS(string name)
    {
        await PublicSiteChecks.ApiDocumentAsync(_app.Client, name);
    }

    [Fact]
    public async Task Security_headers_are_on_every_response()
    {
        await PublicSiteChecks.SecurityHeadersAsync(_app.Client);
    }

    [Fact]
    public async Task Assets_are_cached_for_a_year_and_the_embed_script_is_open_to_other_sites()
    {
        await PublicSiteChecks.AssetsAsync(_app.Client);
    }

    [Fact]
    public async Task Every_check_passes_in_one_run()
    {
        // The same run the static export's test makes against nginx, so the two lists cannot drift apart.
        await PublicSiteChecks.AllAsync(_app.Client, _app.Snapshot);
    }
}
