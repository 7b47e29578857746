using System.Net;
using System.Text;
using Pharos.Accounts;
using Pharos.Tests.Support;
using Pharos.Storage;

namespace Pharos.Tests.Admin;

public sealed class SqliteApiSecurityTests() : ApiSecurityTests(SqlDialect.Sqlite);

public sealed class PostgresApiSecurityTests() : ApiSecurityTests(SqlDialect.Postgres);

/// <summary>These tests, run with the app on SQLite and on PostgreSQL.</summary>
public abstract class ApiSecurityTests(SqlDialect dialect) : DialectAppTests(dialect), IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await StartAppAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [SkippableFact]
    public async Task Token_without_incidents_write_cannot_post_an_incident()
    {
        using var api = await _app.ApiClientAsync(Scopes.Read, Scopes.MaintenanceWrite);
        var response = await api.PostJsonAsync("/api/v1/incidents", new { name = "x", message = "y" });
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await api.GetAsync("/api/v1/incidents")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [SkippableFact]
    public async Task Missing_unknown_or_revoked_token_gets_401_problem()
    {
        var none = await _app.Client.GetAsync("/api/v1/incidents");
        none.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        none.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        none.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");

        using var bogus = new HttpClient { BaseAddress = _app.Address };
        bogus.DefaultRequestHeaders.Authorization = new("Bearer", "pharos_not-a-real-token");
        (await bogus.GetAsync("/api/v1/incidents")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var tokens = _app.Services.GetRequiredService<TokenService>();
        var (token, secret) = await tokens.CreateAsync("soon revoked", [Scopes.Read], Pharos.Audit.Actor.Cli, default);
        using var client = new HttpClient { BaseAddress = _app.Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        (await client.GetAsync("/api/v1/incidents")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tokens.ListAsync(default)).Single(t => t.Id == token.Id).LastUsedAt.ShouldNotBeNull();
        await tokens.RevokeAsync(token.Id, Pharos.Audit.Actor.Cli, default);
        (await client.GetAsync("/api/v1/incidents")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task Admin_cookie_is_not_accepted_by_the_api()
    {
        // The API takes bearer tokens only, so a cross-site form can never ride on a browser session.
        using var api = await _app.ApiClientAsync(Scopes.Admin);
        var all = await (await api.GetAsync("/api/v1/tokens")).JsonAsync();
        all.GetArrayLength().ShouldBe(1);
        (await _app.Client.GetAsync("/api/v1/tokens")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [SkippableTheory]
    [InlineData("{\"message\": \"hello\"}", "name")]
    [InlineData("{\"name\": \"x\"}", "message")]
    [InlineData("{\"name\": 5, \"message\": \"m\"}", "name")]
    [InlineData("{\"name\": \"x\", \"message\": \"m\", \"impact\": \"huge\"}", "impact")]
    [InlineData("{\"name\": \"x\", \"message\": \"m\", \"components\": {\"nope\": \"major_outage\"}}", "components.nope")]
    [InlineData("{\"name\": \"x\", \"message\": \"m\", \"components\": {\"app\": \"on_fire\"}}", "components.app")]
    [InlineData("{\"name\": \"x\", \"message\": \"m\", \"started_at\": \"yesterday\", \"resolved_at\": \"2026-01-01T00:00:00Z\"}", "started_at")]
    [InlineData("{\"name\": \"x\", \"message\": \"m\", \"colour\": \"red\"}", "colour")]
    [InlineData("{\"name\": \"x\", ", "body")]
    public async Task Missing_or_malformed_field_gives_problem_json_naming_it(string body, string field)
    {
        using var api = await _app.ApiClientAsync(Scopes.IncidentsWrite);
        var response = await api.PostAsync("/api/v1/incidents", new StringContent(body, Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.JsonAsync();
        problem.GetProperty("status").GetInt32().ShouldBe(400);
        problem.GetProperty("errors").TryGetProperty(field, out var messages).ShouldBeTrue($"errors should name '{field}': {problem}");
        messages.GetArrayLength().ShouldBeGreaterThan(0);
    }

    [SkippableFact]
    public async Task Rejected_update_leaves_the_incident_exactly_as_it_was()
    {
        using var api = await _app.ApiClientAsync(Scopes.IncidentsWrite, Scopes.Read);
        var created = await (await api.PostJsonAsync("/api/v1/incidents", new
        {
            name = "Search is slow",
            components = new Dictionary<string, string> { ["app"] = "degraded_performance" },
            message = "Looking into it.",
        })).JsonAsync();
        var id = created.GetProperty("id").GetString()!;
        var before = await _app.Store.GetIncidentAsync(id, default);

        var bad = new object[]
        {
            new { status = "identified" },
            new { status = "exploded", message = "m" },
            new { message = "m", components = new Dictionary<string, string> { ["app"] = "fine", ["forum"] = "major_outage" } },
            new { message = "m", impact = "enormous" },
        };
        foreach (var body in bad)
        {
            (await api.PostJsonAsync($"/api/v1/incidents/{id}/updates", body)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        (await api.PutAsync($"/api/v1/incidents/{id}/postmortem", new StringContent("{\"body\": \"too early\"}", Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.DeleteAsync($"/api/v1/incidents/{id}/updates/{before!.Updates[0].Id}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.PatchAsync($"/api/v1/incidents/{id}/updates/nope", new StringContent("{\"message\": \"x\"}", Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var after = await _app.Store.GetIncidentAsync(id, default);
        after.ShouldNotBeNull();
        // Field by field, lists included: the serialized form compares what record equality (by list reference) cannot.
        Pharos.Audit.AuditJson.Of(after).ShouldBe(Pharos.Audit.AuditJson.Of(before), "a rejected request changes nothing");
    }

    [SkippableFact]
    public async Task Unknown_api_v1_path_is_a_problem_json_404()
    {
        using var api = await _app.ApiClientAsync(Scopes.Read);
        var response = await api.GetAsync("/api/v1/no/such/thing");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await _app.Client.GetAsync("/api/v1/nothing-here")).Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var missing = await api.GetAsync("/api/v1/incidents/doesnotexist");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        missing.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [SkippableFact]
    public async Task Script_and_javascript_links_in_an_update_are_inert_on_the_page_and_in_the_feed()
    {
        using var api = await _app.ApiClientAsync(Scopes.IncidentsWrite);
        var created = await (await api.PostJsonAsync("/api/v1/incidents", new
        {
            name = "Hostile <script>alert(1)</script> name",
            message = "Look <script>alert('x')</script> and [click](javascript:alert(2)) or <img src=x onerror=alert(3)>",
        })).JsonAsync();
        var id = created.GetProperty("id").GetString()!;
        await _app.RefreshAsync();

        var page = await _app.Client.GetStringAsync($"/incidents/{id}");
        var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(page);
        doc.QuerySelectorAll("script:not([src])").Length.ShouldBe(0);
        doc.QuerySelectorAll("[onerror]").Length.ShouldBe(0);
        doc.QuerySelectorAll("a[href]").ShouldAllBe(a => !a.GetAttribute("href")!.Contains("javascript", StringComparison.OrdinalIgnoreCase));
        page.ShouldContain("&lt;script&gt;");

        var atom = await _app.Client.GetStringAsync("/history.atom");
        var contents = System.Xml.Linq.XDocument.Parse(atom).Descendants().Where(e => e.Name.LocalName == "content").Select(e => e.Value).ToList();
        contents.ShouldNotBeEmpty();
        foreach (var html in contents)
        {
            var entry = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
            entry.QuerySelectorAll("script").Length.ShouldBe(0);
            entry.QuerySelectorAll("[onerror]").Length.ShouldBe(0);
            entry.QuerySelectorAll("a[href]").ShouldAllBe(a => !a.GetAttribute("href")!.Contains("javascript", StringComparison.OrdinalIgnoreCase));
        }
    }

    [SkippableFact]
    public async Task Every_change_is_in_the_audit_log_with_before_and_after()
    {
        using var api = await _app.ApiClientAsync(Scopes.Admin);
        var id = (await (await api.PostJsonAsync("/api/v1/incidents", new { name = "Audit me", message = "first" })).JsonAsync()).GetProperty("id").GetString()!;
        var updateId = (await (await api.GetAsync($"/api/v1/incidents/{id}")).JsonAsync()).GetProperty("updates")[0].GetProperty("id").GetString()!;
        (await api.PatchAsync($"/api/v1/incidents/{id}/updates/{updateId}", new StringContent("{\"message\": \"corrected\"}", Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var rows = await (await api.GetAsync($"/api/v1/audit?target={id}")).JsonAsync();
        rows.GetArrayLength().ShouldBe(2);
        var edit = rows[0];
        edit.GetProperty("action").GetString().ShouldBe("incident.update.edit");
        edit.GetProperty("actor_kind").GetString().ShouldBe("token");
        edit.GetProperty("address").GetString().ShouldBe("127.0.0.1");
        edit.GetProperty("before").GetString()!.ShouldContain("first");
        edit.GetProperty("after").GetString()!.ShouldContain("corrected");

        var csv = await api.GetStringAsync($"/api/v1/audit?target={id}&format=csv");
        csv.ShouldStartWith("id,at_utc,actor_kind");
        csv.ShouldContain("incident.create");
    }
}
