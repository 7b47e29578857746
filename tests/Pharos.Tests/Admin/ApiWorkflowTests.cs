using System.Net;
using Pharos.Accounts;
using Pharos.Tests.Support;
using Pharos.Storage;

namespace Pharos.Tests.Admin;

/// <summary>The operator's workflow through /api/v1 with a token, checked on the public page, the v2 API and the feed.</summary>
public sealed class SqliteApiWorkflowTests() : ApiWorkflowTests(SqlDialect.Sqlite);

public sealed class PostgresApiWorkflowTests() : ApiWorkflowTests(SqlDialect.Postgres);

/// <summary>These tests, run with the app on SQLite and on PostgreSQL.</summary>
public abstract class ApiWorkflowTests(SqlDialect dialect) : DialectAppTests(dialect), IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await StartAppAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [SkippableFact]
    public async Task Create_update_twice_and_resolve_shows_on_page_v2_api_and_feed()
    {
        using var api = await _app.ApiClientAsync(Scopes.Read, Scopes.IncidentsWrite);
        var created = await api.PostJsonAsync("/api/v1/incidents", new
        {
            name = "Checkout failing",
            impact = "major",
            components = new Dictionary<string, string> { ["app"] = "major_outage", ["admin"] = "partial_outage" },
            message = "We are **investigating** failed checkouts.",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var incident = await created.JsonAsync();
        var id = incident.GetProperty("id").GetString()!;
        created.Headers.Location!.ToString().ShouldBe($"/api/v1/incidents/{id}");
        await ShowsAsync(id, "investigating", "failed checkouts", appStatus: "major_outage");

        (await api.PostJsonAsync($"/api/v1/incidents/{id}/updates", new { status = "identified", message = "A bad deploy; rolling back." })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await ShowsAsync(id, "identified", "rolling back", appStatus: "major_outage");

        var monitoring = await api.PostJsonAsync($"/api/v1/incidents/{id}/updates", new
        {
            status = "monitoring",
            message = "Rolled back; watching.",
            components = new Dictionary<string, string> { ["app"] = "degraded_performance" },
        });
        monitoring.StatusCode.ShouldBe(HttpStatusCode.OK);
        var changes = (await monitoring.JsonAsync()).GetProperty("updates")[0].GetProperty("component_changes");
        changes.GetArrayLength().ShouldBe(1);
        changes[0].GetProperty("new_status").GetString().ShouldBe("degraded_performance");
        await ShowsAsync(id, "monitoring", "Rolled back", appStatus: "degraded_performance");

        (await api.PostJsonAsync($"/api/v1/incidents/{id}/resolve", new { message = "All checkouts succeed again." })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await ShowsAsync(id, "resolved", "All checkouts succeed again", appStatus: "operational");

        var stored = await api.GetAsync($"/api/v1/incidents/{id}");
        var final = await stored.JsonAsync();
        final.GetProperty("status").GetString().ShouldBe("resolved");
        final.GetProperty("updates").GetArrayLength().ShouldBe(4);
    }

    [SkippableFact]
    public async Task Maintenance_is_scheduled_updated_and_cancelled()
    {
        using var api = await _app.ApiClientAsync(Scopes.Read, Scopes.MaintenanceWrite);
        var start = DateTimeOffset.UtcNow.AddDays(2);
        var created = await api.PostJsonAsync("/api/v1/maintenances", new
        {
            name = "Database upgrade",
            scheduled_for = start.ToString("O"),
            scheduled_until = start.AddHours(2).ToString("O"),
            components = new[] { "app" },
            message = "We will upgrade the database.",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await created.JsonAsync()).GetProperty("id").GetString()!;
        await _app.RefreshAsync();
        (await _app.Client.GetStringAsync("/api/v2/scheduled-maintenances/upcoming.json")).ShouldContain(id);

        var moved = await api.PostJsonAsync($"/api/v1/maintenances/{id}/updates", new { message = "Moved by an hour.", scheduled_for = start.AddHours(1).ToString("O"), scheduled_until = start.AddHours(3).ToString("O") });
        moved.StatusCode.ShouldBe(HttpStatusCode.OK);
        var cancelled = await api.PostJsonAsync($"/api/v1/maintenances/{id}/cancel", new { message = "Not needed after all." });
        cancelled.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await cancelled.JsonAsync()).GetProperty("cancelled").GetBoolean().ShouldBeTrue();
        await _app.RefreshAsync();
        (await _app.Client.GetStringAsync("/api/v2/scheduled-maintenances/upcoming.json")).ShouldNotContain(id);
    }

    [SkippableFact]
    public async Task Idempotency_key_replays_the_first_response_and_opens_one_incident()
    {
        using var api = await _app.ApiClientAsync(Scopes.Read, Scopes.IncidentsWrite);
        var body = new { name = "Slow pages", message = "Looking." };
        using var first = new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents") { Content = System.Net.Http.Json.JsonContent.Create(body) };
        first.Headers.Add("Idempotency-Key", "k-1");
        using var second = new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents") { Content = System.Net.Http.Json.JsonContent.Create(body) };
        second.Headers.Add("Idempotency-Key", "k-1");
        var a = await (await api.SendAsync(first)).JsonAsync();
        var replay = await api.SendAsync(second);
        replay.StatusCode.ShouldBe(HttpStatusCode.Created);
        replay.Headers.GetValues("Idempotent-Replayed").ShouldContain("true");
        replay.Headers.Location!.ToString().ShouldBe($"/api/v1/incidents/{a.GetProperty("id").GetString()}");
        (await replay.JsonAsync()).GetProperty("id").GetString().ShouldBe(a.GetProperty("id").GetString());
        var list = await (await api.GetAsync("/api/v1/incidents")).JsonAsync();
        list.EnumerateArray().Count(i => i.GetProperty("name").GetString() == "Slow pages").ShouldBe(1);

        using var different = new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents") { Content = System.Net.Http.Json.JsonContent.Create(new { name = "Other", message = "x" }) };
        different.Headers.Add("Idempotency-Key", "k-1");
        ((int)(await api.SendAsync(different)).StatusCode).ShouldBe(422);
    }

    [SkippableFact]
    public async Task Backfilled_incident_keeps_its_explicit_times()
    {
        using var api = await _app.ApiClientAsync(Scopes.IncidentsWrite, Scopes.Read);
        var response = await api.PostJsonAsync("/api/v1/incidents", new
        {
            name = "Night-time outage",
            components = new Dictionary<string, string> { ["forum"] = "major_outage" },
            message = "The forum was down.",
            started_at = "2026-01-10T02:00:00Z",
            resolved_at = "2026-01-10T03:30:00Z",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var i = await response.JsonAsync();
        i.GetProperty("status").GetString().ShouldBe("resolved");
        i.GetProperty("backfilled").GetBoolean().ShouldBeTrue();
        i.GetProperty("started_at").GetDateTimeOffset().ShouldBe(DateTimeOffset.Parse("2026-01-10T02:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        i.GetProperty("resolved_at").GetDateTimeOffset().ShouldBe(DateTimeOffset.Parse("2026-01-10T03:30:00Z", System.Globalization.CultureInfo.InvariantCulture));
    }

    [SkippableFact]
    public async Task Openapi_document_lists_the_v1_endpoints()
    {
        var response = await _app.Client.GetAsync("/api/v1/openapi.json");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var doc = await response.JsonAsync();
        var paths = doc.GetProperty("paths");
        paths.TryGetProperty("/api/v1/incidents", out _).ShouldBeTrue();
        paths.TryGetProperty("/api/v1/incidents/{id}/updates", out _).ShouldBeTrue();
        paths.TryGetProperty("/api/v1/maintenances", out _).ShouldBeTrue();
        paths.EnumerateObject().ShouldAllBe(p => p.Name.StartsWith("/api/v1/"));
    }

    private Task ShowsAsync(string id, string status, string text, string appStatus) => PublicViews.ShouldShowAsync(_app, id, status, text, appStatus);
}
