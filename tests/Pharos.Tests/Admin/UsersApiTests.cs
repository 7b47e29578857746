using System.Net;
using Pharos.Accounts;
using Pharos.Audit;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Admin;

public sealed class SqliteUsersApiTests() : UsersApiTests(SqlDialect.Sqlite);

public sealed class PostgresUsersApiTests() : UsersApiTests(SqlDialect.Postgres);

/// <summary>These tests, run with the app on SQLite and on PostgreSQL.</summary>
public abstract class UsersApiTests(SqlDialect dialect) : DialectAppTests(dialect), IAsyncLifetime
{
    private TestApp _app = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _app = await StartAppAsync();
        _admin = await _app.ApiClientAsync(Scopes.Admin);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
    }

    [SkippableFact]
    public async Task Disabling_through_the_api_refuses_the_users_open_session_on_its_next_request()
    {
        var user = await _app.AddUserAsync("remote");
        using var browser = new AdminBrowser(_app);
        await browser.SignInAsync("remote");
        (await browser.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var response = await _admin.PatchAsync($"/api/v1/users/{user.Id}", Json(new { disabled = true }));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.JsonAsync()).GetProperty("disabled").GetBoolean().ShouldBeTrue();

        (await browser.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.SignInAsync("remote")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _admin.PatchAsync($"/api/v1/users/{user.Id}", Json(new { disabled = false }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.SignInAsync("remote")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var audit = await _app.Services.GetRequiredService<IAuditStore>().QueryAsync(new AuditQuery { TargetId = user.Id }, default);
        audit.Select(a => a.Action).ShouldContain("user.disable");
        audit.Select(a => a.Action).ShouldContain("user.enable");
        audit.Single(a => a.Action == "user.disable").Actor.Kind.ShouldBe(Actor.TokenKind);
    }

    [SkippableFact]
    public async Task Users_are_created_listed_changed_and_removed_with_their_sessions()
    {
        var created = await _admin.PostJsonAsync("/api/v1/users", new { name = "newcomer", role = "viewer", password = AdminTestExtensions.Password });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await created.JsonAsync()).GetProperty("id").GetString()!;
        created.Headers.Location!.ToString().ShouldBe($"/api/v1/users/{id}");

        using var browser = new AdminBrowser(_app);
        await browser.SignInAsync("newcomer");
        (await browser.GetAsync("/admin/incidents/new")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "a viewer");

        var promoted = await _admin.PatchAsync($"/api/v1/users/{id}", Json(new { role = "editor" }));
        (await promoted.JsonAsync()).GetProperty("role").GetString().ShouldBe("editor");
        (await browser.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "a role change ends the session too");
        await browser.SignInAsync("newcomer");
        (await browser.GetAsync("/admin/incidents/new")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await _admin.PatchAsync($"/api/v1/users/{id}", Json(new { password = "another long password" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.SignInAsync("newcomer", "another long password")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);

        (await _admin.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _admin.DeleteAsync($"/api/v1/users/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await browser.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await _admin.GetAsync($"/api/v1/users/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _admin.DeleteAsync($"/api/v1/users/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [SkippableTheory]
    [InlineData("POST", """{"name": "x", "role": "root", "password": "long enough pass"}""", "role", 400)]
    [InlineData("POST", """{"name": "x", "role": "viewer", "password": "short"}""", "password", 400)]
    [InlineData("POST", """{"name": "bad name!", "role": "viewer", "password": "long enough pass"}""", "name", 400)]
    [InlineData("POST", """{"name": "taken", "role": "viewer", "password": "long enough pass"}""", "name", 409)]
    [InlineData("POST", """{"name": "x", "role": "viewer"}""", "password", 400)]
    [InlineData("PATCH", """{"disabled": "yes"}""", "disabled", 400)]
    [InlineData("PATCH", """{"password": "short"}""", "password", 400)]
    [InlineData("PATCH", """{"two_factor": true}""", "two_factor", 400)]
    [InlineData("PATCH", """{"colour": "blue"}""", "colour", 400)]
    public async Task A_bad_request_is_problem_json_naming_the_field_and_changes_nothing(string method, string body, string field, int status)
    {
        var taken = await _app.AddUserAsync("taken");
        var before = await _app.Services.GetRequiredService<IAccountStore>().GetUserAsync(taken.Id, default);
        using var request = new HttpRequestMessage(new HttpMethod(method), method == "POST" ? "/api/v1/users" : $"/api/v1/users/{taken.Id}")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        var response = await _admin.SendAsync(request);
        ((int)response.StatusCode).ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(await response.Content.ReadAsStringAsync());
        (await _app.Services.GetRequiredService<IAccountStore>().GetUserAsync(taken.Id, default)).ShouldBe(before);
        (await _app.Services.GetRequiredService<IAccountStore>().ListUsersAsync(default)).Count.ShouldBe(1);
    }

    [SkippableFact]
    public async Task The_last_enabled_admin_cannot_be_disabled_demoted_or_removed()
    {
        var boss = await _app.AddUserAsync("boss", UserRole.Admin);
        var disable = await _admin.PatchAsync($"/api/v1/users/{boss.Id}", Json(new { disabled = true }));
        disable.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await disable.JsonAsync()).GetProperty("errors").TryGetProperty("disabled", out _).ShouldBeTrue();
        (await _admin.PatchAsync($"/api/v1/users/{boss.Id}", Json(new { role = "editor" }))).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await _admin.DeleteAsync($"/api/v1/users/{boss.Id}")).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        await _app.AddUserAsync("deputy", UserRole.Admin);
        (await _admin.PatchAsync($"/api/v1/users/{boss.Id}", Json(new { role = "editor" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [SkippableFact]
    public async Task Users_need_the_admin_scope()
    {
        using var writer = await _app.ApiClientAsync(Scopes.Read, Scopes.IncidentsWrite);
        (await writer.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await writer.PostJsonAsync("/api/v1/users", new { name = "sneaky", role = "admin", password = AdminTestExtensions.Password })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _app.Services.GetRequiredService<IAccountStore>().ListUsersAsync(default)).ShouldBeEmpty();
    }

    [SkippableFact]
    public async Task A_revoked_token_gets_401_on_its_next_call()
    {
        var created = await _admin.PostJsonAsync("/api/v1/tokens", new { name = "short-lived", scopes = new[] { "read" } });
        var json = await created.JsonAsync();
        using var client = new HttpClient { BaseAddress = _app.Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", json.GetProperty("secret").GetString());
        (await client.GetAsync("/api/v1/incidents")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await _admin.DeleteAsync($"/api/v1/tokens/{json.GetProperty("token").GetProperty("id").GetString()}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetAsync("/api/v1/incidents")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static StringContent Json(object body) => new(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
