using System.Net;
using System.Text.RegularExpressions;
using Pharos.Accounts;

namespace Pharos.Tests.Support;

/// <summary>A cookie-keeping HTTP client that signs in to /admin and posts forms with their antiforgery token.</summary>
public sealed partial class AdminBrowser : IDisposable
{
    private readonly HttpClient _client;

    /// <param name="forwardedFor">Sent as X-Forwarded-For, to act as a client behind a trusted proxy.</param>
    public AdminBrowser(TestApp app, string? forwardedFor = null)
    {
        Cookies = new CookieContainer();
        _client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = app.Address };
        if (forwardedFor is not null)
        {
            _client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }
    }

    public CookieContainer Cookies { get; }

    /// <summary>The 2FA step after <see cref="SignInAsync"/>, with a code.</summary>
    public Task<HttpResponseMessage> SecondFactorAsync(string code) =>
        PostFormAsync("/admin/login/2fa", "/admin/login/2fa", new() { ["code"] = code });

    public async Task<HttpResponseMessage> SignInAsync(string name, string password = AdminTestExtensions.Password) =>
        await PostFormAsync("/admin/login", "/admin/login", new() { ["name"] = name, ["password"] = password });

    public Task<HttpResponseMessage> GetAsync(string url) => _client.GetAsync(url);

    /// <summary>Loads <paramref name="page"/> for its form token, then posts the fields with it.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string page, string action, Dictionary<string, string> fields, bool withToken = true, string? forwardedProto = null)
    {
        var html = await _client.GetStringAsync(page);
        var all = new List<KeyValuePair<string, string>>(fields);
        if (withToken)
        {
            all.Add(new("__csrf", TokenIn(html)));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(all) };
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        return await _client.SendAsync(request);
    }

    public static string TokenIn(string html)
    {
        var m = CsrfPattern().Match(html);
        m.Success.ShouldBeTrue("the page has a form token");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfPattern();
}

public static class TotpTestExtensions
{
    /// <summary>Enrols a user with the previous step's code, so the current step's code is still unused for a sign-in.</summary>
    public static async Task<string> EnrolTotpAsync(this TestApp app, User user)
    {
        var secret = Totp.NewSecret();
        var code = Totp.Code(Base32.Decode(secret), Totp.StepAt(DateTimeOffset.UtcNow) - 1);
        var codes = await app.Services.GetRequiredService<AccountService>().ConfirmEnrolmentAsync(user, secret, code, Pharos.Audit.Actor.Cli, CancellationToken.None);
        codes.ShouldNotBeNull();
        return secret;
    }

    public static string CurrentCode(string secret) => Totp.Code(Base32.Decode(secret), Totp.StepAt(DateTimeOffset.UtcNow));
}
