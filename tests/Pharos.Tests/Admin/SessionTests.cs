using System.Net;
using Pharos.Accounts;
using Pharos.Audit;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Admin;

/// <summary>Sessions end when they should: on sign-out everywhere, at their absolute lifetime, and when the account changes.</summary>
public sealed class SqliteSessionTests() : SessionTests(SqlDialect.Sqlite);

public sealed class PostgresSessionTests() : SessionTests(SqlDialect.Postgres);

/// <summary>These tests, run with the app on SQLite and on PostgreSQL.</summary>
public abstract class SessionTests(SqlDialect dialect) : DialectAppTests(dialect)
{
    [SkippableFact]
    public async Task Sign_out_ends_the_session_on_the_server_so_a_copied_cookie_stops_working()
    {
        await using var app = await StartAppAsync();
        await app.AddUserAsync("leaver");
        using var browser = new AdminBrowser(app);
        await browser.SignInAsync("leaver");
        var copied = SessionCookie(app, browser);
        using var thief = CookieClient(app, copied);
        (await thief.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.OK, "the copy works while the session lives");

        (await browser.PostFormAsync("/admin", "/admin/logout", [])).StatusCode.ShouldBe(HttpStatusCode.SeeOther);

        var after = await thief.GetAsync("/admin");
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.Headers.Location!.ToString().ShouldContain("/admin/login");
        (await app.Services.GetRequiredService<IAuditStore>().QueryAsync(new AuditQuery { Action = "user.signout" }, default)).ShouldHaveSingleItem().Actor.Name.ShouldBe("leaver");
    }

    [SkippableFact]
    public async Task A_session_ends_at_its_absolute_lifetime_however_active_it_is()
    {
        var time = new FakeTime(DateTimeOffset.UtcNow);
        await using var app = await StartAppAsync(TestConfigs.Basic + "\nadmin:\n  session_lifetime: 2h\n  session_idle_timeout: 1h\n", time: time);
        await app.AddUserAsync("busy");
        using var browser = new AdminBrowser(app);
        await browser.SignInAsync("busy");
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromMinutes(35));
            (await browser.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.OK, $"active after {35 * (i + 1)} minutes");
        }

        time.Advance(TimeSpan.FromMinutes(20));
        (await browser.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "two hours after sign-in, however active");
    }

    [SkippableFact]
    public async Task Session_cookie_is_secure_whenever_the_public_url_is_https_even_over_plain_http()
    {
        await using var app = await StartAppAsync(TestConfigs.Basic.Replace("http://status.test.example/", "https://status.test.example/", StringComparison.Ordinal));
        await app.AddUserAsync("tls");
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.Address };
        var page = await client.GetAsync("/admin/login");
        var csrf = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("pharos_csrf=", StringComparison.Ordinal));

        using var post = new HttpRequestMessage(HttpMethod.Post, "/admin/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["name"] = "tls", ["password"] = AdminTestExtensions.Password, ["__csrf"] = AdminBrowser.TokenIn(await page.Content.ReadAsStringAsync()),
            }),
        };
        post.Headers.Add("Cookie", csrf.Split(';')[0]);
        var signedIn = await client.SendAsync(post);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("pharos_session=", StringComparison.Ordinal)).ShouldContain("secure", Case.Insensitive);
    }

    [SkippableFact]
    public async Task Forwarded_headers_are_believed_only_from_a_trusted_proxy()
    {
        await using var direct = await StartAppAsync();
        (await SignInAddress(direct, "203.0.113.9")).ShouldBe("127.0.0.1", "nobody is trusted by default, so the header is ignored");

        await using var proxied = await StartAppAsync(SignInTests.BehindProxy);
        (await SignInAddress(proxied, "203.0.113.9")).ShouldBe("203.0.113.9");
    }

    [SkippableFact]
    public async Task Https_forwarded_by_a_trusted_proxy_makes_the_session_cookie_secure()
    {
        await using var app = await StartAppAsync(SignInTests.BehindProxy);
        await app.AddUserAsync("proxied");
        using var browser = new AdminBrowser(app);
        var response = await browser.PostFormAsync("/admin/login", "/admin/login", new() { ["name"] = "proxied", ["password"] = AdminTestExtensions.Password }, forwardedProto: "https");
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("pharos_session=", StringComparison.Ordinal)).ShouldContain("secure", Case.Insensitive);
    }

    [SkippableFact]
    public async Task Disabling_a_user_ends_their_open_session_on_its_next_request()
    {
        await using var app = await StartAppAsync();
        var user = await app.AddUserAsync("suspended");
        using var browser = new AdminBrowser(app);
        await browser.SignInAsync("suspended");
        (await browser.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await app.Services.GetRequiredService<AccountService>().DisableAsync(user.Id, Actor.Cli, default)).Done.ShouldBeTrue();

        (await browser.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.SignInAsync("suspended")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task A_failed_sign_in_overlapping_a_2fa_enrolment_does_not_undo_it()
    {
        await using var app = await StartAppAsync();
        var user = await app.AddUserAsync("enroller");
        var signIn = app.Services.GetRequiredService<SignInService>();
        for (var i = 0; i < SignInPolicy.FreeFailures; i++)
        {
            (await signIn.PasswordAsync("enroller", "wrong", IPAddress.Parse("198.51.100." + (i + 1)), default)).Outcome.ShouldBe(SignInOutcome.Failed);
        }

        // This failure reads the user, then is held (the account has five failures) while the enrolment commits.
        var failing = signIn.PasswordAsync("enroller", "wrong", IPAddress.Parse("198.51.100.99"), default);
        var secret = await app.EnrolTotpAsync(user);
        (await failing).Outcome.ShouldBe(SignInOutcome.Failed);

        var stored = (await app.Services.GetRequiredService<IAccountStore>().GetUserAsync(user.Id, default))!;
        stored.TotpSecret.ShouldBe(secret);
        stored.FailedCount.ShouldBe(SignInPolicy.FreeFailures + 1);
    }

    private static async Task<string?> SignInAddress(TestApp app, string forwardedFor)
    {
        var name = "via" + forwardedFor.Replace(".", "", StringComparison.Ordinal);
        await app.AddUserAsync(name);
        using var browser = new AdminBrowser(app, forwardedFor);
        (await browser.SignInAsync(name)).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var entries = await app.Services.GetRequiredService<IAuditStore>().QueryAsync(new AuditQuery { Action = "user.signin" }, default);
        return entries.Single(e => e.Actor.Name == name).Actor.Address;
    }

    private static string SessionCookie(TestApp app, AdminBrowser browser) =>
        browser.Cookies.GetCookies(new Uri(app.Address, "/admin")).Single(c => c.Name == "pharos_session").Value;

    private static HttpClient CookieClient(TestApp app, string session)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.Address };
        client.DefaultRequestHeaders.Add("Cookie", "pharos_session=" + session);
        return client;
    }

}
