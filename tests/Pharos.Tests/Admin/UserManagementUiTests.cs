using System.Net;
using Pharos.Accounts;
using Pharos.Audit;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Admin;

public sealed class SqliteUserManagementUiTests() : UserManagementUiTests(SqlDialect.Sqlite);

public sealed class PostgresUserManagementUiTests() : UserManagementUiTests(SqlDialect.Postgres);

/// <summary>These tests, run with the app on SQLite and on PostgreSQL.</summary>
public abstract class UserManagementUiTests(SqlDialect dialect) : DialectAppTests(dialect), IAsyncLifetime
{
    private TestApp _app = null!;
    private AdminBrowser _root = null!;

    public async Task InitializeAsync()
    {
        _app = await StartAppAsync();
        await _app.AddUserAsync("root", UserRole.Admin);
        _root = new AdminBrowser(_app);
        (await _root.SignInAsync("root")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
    }

    public async Task DisposeAsync()
    {
        _root.Dispose();
        await _app.DisposeAsync();
    }

    [SkippableFact]
    public async Task An_admin_disables_a_user_from_the_page_and_their_open_session_is_refused_on_its_next_request()
    {
        var user = await _app.AddUserAsync("temp");
        using var browser = new AdminBrowser(_app);
        await browser.SignInAsync("temp");
        (await browser.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var done = await _root.PostFormAsync("/admin/users", $"/admin/users/{user.Id}/disable", []);
        done.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        done.Headers.Location!.ToString().ShouldContain("disabled");

        (await browser.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await (await _root.GetAsync("/admin/users")).Content.ReadAsStringAsync()).ShouldContain("disabled since");
        (await _root.PostFormAsync("/admin/users", $"/admin/users/{user.Id}/enable", [])).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await browser.SignInAsync("temp")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
    }

    [SkippableFact]
    public async Task An_admin_sets_role_and_password_and_removes_a_user_and_each_is_audited()
    {
        var user = await _app.AddUserAsync("worker", UserRole.Viewer);
        (await _root.PostFormAsync("/admin/users", $"/admin/users/{user.Id}/role", new() { ["role"] = "editor" })).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await _root.PostFormAsync("/admin/users", $"/admin/users/{user.Id}/password", new() { ["password"] = "short" })).Headers.Location!.ToString().ShouldContain("at%20least");
        (await _root.PostFormAsync("/admin/users", $"/admin/users/{user.Id}/password", new() { ["password"] = "a brand new password" })).StatusCode.ShouldBe(HttpStatusCode.SeeOther);

        using var browser = new AdminBrowser(_app);
        (await browser.SignInAsync("worker", "a brand new password")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await browser.GetAsync("/admin/incidents/new")).StatusCode.ShouldBe(HttpStatusCode.OK, "now an editor");

        (await _root.PostFormAsync("/admin/users", $"/admin/users/{user.Id}/remove", [])).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await browser.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await _app.Services.GetRequiredService<IAccountStore>().GetUserAsync(user.Id, default)).ShouldBeNull();

        var actions = (await _app.Services.GetRequiredService<IAuditStore>().QueryAsync(new AuditQuery { TargetId = user.Id }, default)).Select(a => a.Action).ToList();
        actions.ShouldBe(["user.remove", "user.signin", "user.password", "user.role", "user.add"], ignoreOrder: true);
    }

    [SkippableFact]
    public async Task User_changes_need_the_admin_role_and_the_form_token()
    {
        var target = await _app.AddUserAsync("target");
        await _app.AddUserAsync("editor");
        using var editor = new AdminBrowser(_app);
        await editor.SignInAsync("editor");
        (await editor.PostFormAsync("/admin", $"/admin/users/{target.Id}/disable", [])).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _root.PostFormAsync("/admin/users", $"/admin/users/{target.Id}/disable", [], withToken: false)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _app.Services.GetRequiredService<IAccountStore>().GetUserAsync(target.Id, default))!.Disabled.ShouldBeFalse();
    }

    [SkippableFact]
    public async Task Changing_ones_own_password_needs_the_current_one_and_signs_out_the_other_sessions()
    {
        await _app.AddUserAsync("self");
        using var laptop = new AdminBrowser(_app);
        using var phone = new AdminBrowser(_app);
        await laptop.SignInAsync("self");
        await phone.SignInAsync("self");

        var wrong = await laptop.PostFormAsync("/admin/account", "/admin/account/password",
            new() { ["current_password"] = "not my password", ["new_password"] = "my new long password", ["new_password_again"] = "my new long password" });
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("current password is wrong");

        var changed = await laptop.PostFormAsync("/admin/account", "/admin/account/password",
            new() { ["current_password"] = AdminTestExtensions.Password, ["new_password"] = "my new long password", ["new_password_again"] = "my new long password" });
        changed.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await laptop.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.OK, "this session carries on");
        (await phone.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "the other one ends");
        (await phone.SignInAsync("self", "my new long password")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
    }

    [SkippableFact]
    public async Task A_token_revoked_from_the_page_gets_401_on_its_next_call()
    {
        var tokens = _app.Services.GetRequiredService<TokenService>();
        var (token, secret) = await tokens.CreateAsync("page-revoked", [Scopes.Read], Actor.Cli, default);
        using var client = new HttpClient { BaseAddress = _app.Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        (await client.GetAsync("/api/v1/incidents")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await _root.PostFormAsync("/admin/tokens", $"/admin/tokens/{token.Id}/revoke", [])).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await client.GetAsync("/api/v1/incidents")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
