using System.Net;
using Pharos.Accounts;
using Pharos.Tests.Support;

namespace Pharos.Tests.Admin;

public sealed class AdminUiSecurityTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Admin_pages_need_a_sign_in()
    {
        using var browser = new AdminBrowser(_app);
        var response = await browser.GetAsync("/admin");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/admin/login");
    }

    [Fact]
    public async Task Session_cookie_is_httponly_and_samesite_strict()
    {
        await _app.AddUserAsync("cookie");
        using var browser = new AdminBrowser(_app);
        var response = await browser.SignInAsync("cookie");
        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("pharos_session=", StringComparison.Ordinal));
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=strict", Case.Insensitive);
        (await browser.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await browser.PostFormAsync("/admin", "/admin/logout", [])).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await browser.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "signed out");
    }

    [Fact]
    public async Task Form_post_without_the_antiforgery_token_is_rejected_and_changes_nothing()
    {
        await _app.AddUserAsync("editor");
        using var browser = new AdminBrowser(_app);
        await browser.SignInAsync("editor");
        var fields = new Dictionary<string, string> { ["name"] = "Forged", ["message"] = "from another site", ["action"] = "create" };
        var response = await browser.PostFormAsync("/admin/incidents/new", "/admin/incidents", fields, withToken: false);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        fields["__csrf"] = "not-a-token";
        (await browser.PostFormAsync("/admin/incidents/new", "/admin/incidents", fields, withToken: false)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _app.Services.GetRequiredService<Pharos.Storage.IAdminStore>().ListIncidentsAsync(10, default)).ShouldBeEmpty();

        fields.Remove("__csrf");
        (await browser.PostFormAsync("/admin/incidents/new", "/admin/incidents", fields)).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
    }

    [Fact]
    public async Task Viewer_cannot_write()
    {
        await _app.AddUserAsync("viewer", UserRole.Viewer);
        using var browser = new AdminBrowser(_app);
        await browser.SignInAsync("viewer");
        (await browser.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.GetAsync("/admin/incidents/new")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var post = await browser.PostFormAsync("/admin", "/admin/incidents", new() { ["name"] = "No", ["message"] = "no", ["action"] = "create" });
        post.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.PostFormAsync("/admin", "/admin/maintenance", new() { ["name"] = "No" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.GetAsync("/admin/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _app.Services.GetRequiredService<Pharos.Storage.IAdminStore>().ListIncidentsAsync(10, default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Replayed_totp_code_is_refused()
    {
        var user = await _app.AddUserAsync("twofactor");
        var secret = await _app.EnrolTotpAsync(user);
        var code = TotpTestExtensions.CurrentCode(secret);

        using var first = new AdminBrowser(_app);
        (await first.SignInAsync("twofactor")).Headers.Location!.ToString().ShouldBe("/admin/login/2fa");
        var ok = await first.PostFormAsync("/admin/login/2fa", "/admin/login/2fa", new() { ["code"] = code });
        ok.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await first.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var second = new AdminBrowser(_app);
        await second.SignInAsync("twofactor");
        var replay = await second.PostFormAsync("/admin/login/2fa", "/admin/login/2fa", new() { ["code"] = code });
        replay.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await replay.Content.ReadAsStringAsync()).ShouldContain("already used");
        (await second.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Recovery_code_works_once()
    {
        var user = await _app.AddUserAsync("lostphone");
        var secret = Totp.NewSecret();
        var accounts = _app.Services.GetRequiredService<AccountService>();
        var codes = await accounts.ConfirmEnrolmentAsync(user, secret, TotpTestExtensions.CurrentCode(secret), Pharos.Audit.Actor.Cli, default);
        using var browser = new AdminBrowser(_app);
        await browser.SignInAsync("lostphone");
        (await browser.PostFormAsync("/admin/login/2fa", "/admin/login/2fa", new() { ["code"] = codes![0].ToUpperInvariant() })).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        using var again = new AdminBrowser(_app);
        await again.SignInAsync("lostphone");
        (await again.PostFormAsync("/admin/login/2fa", "/admin/login/2fa", new() { ["code"] = codes[0] })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task When_2fa_is_required_a_user_without_it_must_enrol_first()
    {
        var admin = await _app.AddUserAsync("boss", UserRole.Admin);
        using var early = new AdminBrowser(_app);
        await early.SignInAsync("boss");
        (await early.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await _app.Services.GetRequiredService<AccountService>().SetTwoFactorRequiredAsync(true, Pharos.Audit.Actor.Cli, default);
        (await early.GetAsync("/admin")).Headers.Location!.ToString().ShouldBe("/admin/account", "an open session must enrol too");

        using var browser = new AdminBrowser(_app);
        (await browser.SignInAsync("boss")).Headers.Location!.ToString().ShouldBe("/admin/account");
        var dashboard = await browser.GetAsync("/admin");
        dashboard.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        dashboard.Headers.Location!.ToString().ShouldBe("/admin/account");

        var page = await (await browser.GetAsync("/admin/account")).Content.ReadAsStringAsync();
        page.ShouldContain("data:image/png;base64,");
        var secret = System.Text.RegularExpressions.Regex.Match(page, "id=\"totp-secret\">([A-Z2-7]+)<").Groups[1].Value;
        var enrolment = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "name=\"enrolment\" value=\"([^\"]+)\"").Groups[1].Value);
        var enrolled = await browser.PostFormAsync("/admin/account", "/admin/account/2fa", new() { ["enrolment"] = enrolment, ["code"] = TotpTestExtensions.CurrentCode(secret) });
        enrolled.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await enrolled.Content.ReadAsStringAsync()).ShouldContain("recovery-codes");
        (await browser.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _app.Services.GetRequiredService<Pharos.Accounts.IAccountStore>().GetUserAsync(admin.Id, default))!.TwoFactorEnabled.ShouldBeTrue();
    }
}
