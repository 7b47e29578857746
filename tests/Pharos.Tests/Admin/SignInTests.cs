using System.Diagnostics;
using System.Net;
using Pharos.Accounts;
using Pharos.Audit;
using Pharos.Storage;
using Pharos.Tests.Support;
using Xunit.Abstractions;

namespace Pharos.Tests.Admin;

/// <summary>Sign-in as a stranger, a guesser and a clumsy owner see it: delays instead of lockout, one answer for every failure.</summary>
public sealed class SignInTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Clients are told apart by X-Forwarded-For, as they would be behind a reverse proxy.</summary>
    public const string BehindProxy = TestConfigs.Basic + "\ntrusted_proxies: [127.0.0.1, '::1']\n";

    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(BehindProxy);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Unknown_name_wrong_password_and_disabled_account_get_the_same_answer_and_nobody_is_locked()
    {
        await _app.AddUserAsync("alice");
        var bob = await _app.AddUserAsync("bob");
        (await _app.Services.GetRequiredService<AccountService>().DisableAsync(bob.Id, Actor.Cli, default)).Done.ShouldBeTrue();

        var answers = new List<(HttpStatusCode, string)>();
        var i = 0;
        foreach (var (name, password) in new[] { ("nobody", "wrong password 1"), ("alice", "wrong password 2"), ("bob", AdminTestExtensions.Password) })
        {
            // Each from its own address, and repeated past the old lockout threshold.
            for (var n = 0; n < 7; n++)
            {
                using var browser = new AdminBrowser(_app, $"203.0.113.{++i}");
                var response = await browser.SignInAsync(name, password);
                answers.Add((response.StatusCode, ErrorIn(await response.Content.ReadAsStringAsync())));
            }
        }

        answers.Distinct().ShouldBe([(HttpStatusCode.Unauthorized, "Wrong user name or password.")]);
        using var owner = new AdminBrowser(_app, "192.0.2.10");
        (await owner.SignInAsync("alice")).StatusCode.ShouldBe(HttpStatusCode.SeeOther, "seven wrong passwords lock nothing");
    }

    [Fact]
    public async Task Ten_parallel_wrong_passwords_count_as_ten()
    {
        var user = await _app.AddUserAsync("target");
        var browsers = Enumerable.Range(1, 10).Select(n => new AdminBrowser(_app, $"198.51.100.{n}")).ToList();
        try
        {
            var responses = await Task.WhenAll(browsers.Select(b => b.SignInAsync("target", "not the password")));
            responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Unauthorized);
        }
        finally
        {
            browsers.ForEach(b => b.Dispose());
        }

        (await _app.Services.GetRequiredService<IAccountStore>().GetUserAsync(user.Id, default))!.FailedCount.ShouldBe(10);
    }

    [Fact]
    public async Task A_strangers_wrong_passwords_never_stop_the_owner_with_password_and_code_signing_in_within_seconds()
    {
        var owner = await _app.AddUserAsync("owner");
        var secret = await _app.EnrolTotpAsync(owner);
        using var stop = new CancellationTokenSource();

        // A stranger guesses from 12 addresses, two at a time, until the owner is in.
        var stranger = Task.Run(async () =>
        {
            var tries = 0;
            while (!stop.IsCancellationRequested)
            {
                await Task.WhenAll(Enumerable.Range(0, 2).Select(async k =>
                {
                    using var b = new AdminBrowser(_app, $"198.51.100.{(tries + k) % 12 + 1}");
                    var r = await b.SignInAsync("owner", "guess " + (tries + k));
                    r.StatusCode.ShouldBeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests);
                }));
                tries += 2;
            }

            return tries;
        });

        var store = _app.Services.GetRequiredService<IAccountStore>();
        await Eventually.TrueAsync(async () => (await store.GetUserAsync(owner.Id, default))!.FailedCount >= 8, TimeSpan.FromSeconds(60));

        using var browser = new AdminBrowser(_app, "192.0.2.10");
        await browser.GetAsync("/admin/login");
        var clock = Stopwatch.StartNew();
        var password = await browser.SignInAsync("owner");
        password.Headers.Location!.ToString().ShouldBe("/admin/login/2fa");
        var code = await browser.SecondFactorAsync(TotpTestExtensions.CurrentCode(secret));
        clock.Stop();
        await stop.CancelAsync();
        var tries = await stranger;

        code.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await browser.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var failures = (await store.GetUserAsync(owner.Id, default))!.FailedCount;
        output.WriteLine($"owner signed in with password and code in {clock.Elapsed.TotalSeconds:0.00} s; the stranger made {tries} attempts ({failures} failures on the account)");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(6), $"the owner waited {clock.Elapsed.TotalSeconds:0.0} s while a stranger made {tries} attempts");
        var delayed = await _app.Services.GetRequiredService<IAuditStore>().QueryAsync(new AuditQuery { Action = "user.signin.delayed" }, default);
        delayed.ShouldHaveSingleItem().TargetId.ShouldBe(owner.Id);
    }

    [Fact]
    public async Task After_five_failures_the_same_address_waits_and_then_signs_in()
    {
        await _app.AddUserAsync("clumsy");
        using var browser = new AdminBrowser(_app, "192.0.2.20");
        for (var i = 1; i <= SignInPolicy.FreeFailures; i++)
        {
            (await browser.SignInAsync("clumsy", "wrong password " + i)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var early = await browser.SignInAsync("clumsy");
        early.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        early.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(1));

        HttpResponseMessage? last = null;
        await Eventually.TrueAsync(async () => (last = await browser.SignInAsync("clumsy")).StatusCode != HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(10));
        last!.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
    }

    [Fact]
    public async Task A_megabyte_name_is_refused_unread_and_remembered_nowhere()
    {
        using var browser = new AdminBrowser(_app, "192.0.2.30");
        var response = await browser.SignInAsync(new string('n', 1024 * 1024));
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        _app.Services.GetRequiredService<SignInThrottle>().TrackedKeys.ShouldBe(0);
    }

    private static string ErrorIn(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "id=\"login-error\">([^<]*)<").Groups[1].Value;
}
