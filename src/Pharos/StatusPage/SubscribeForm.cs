using System.Security.Cryptography;
using Pharos.Notifications;

namespace Pharos.StatusPage;

/// <summary>
/// The public subscribe form's protection against cross-site posts: a random value in a strict same-site cookie,
/// and in the form the value's signature; a post counts only when the two match. The admin's antiforgery cookie is
/// scoped to /admin, so the public form has its own, scoped to /subscribe (or /de/subscribe).
/// </summary>
public sealed class SubscribeForm(NotificationLinks links, Config.SiteCatalog site, PageLanguages languages)
{
    public const string Field = "__csrf";
    private const string Cookie = "pharos_subscribe";
    private const string Purpose = "subscribe-form";

    /// <summary>The token for the form, setting the cookie it belongs to when the browser has none yet.</summary>
    public string Issue(HttpContext http)
    {
        var value = http.Request.Cookies[Cookie];
        if (value is not { Length: 22 })
        {
            value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            http.Response.Cookies.Append(Cookie, value, new CookieOptions
            {
                // Scoped to the form's own address, which may name a language ("/de/subscribe").
                Path = languages.For(http).Language.Prefix + "/subscribe",
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = http.Request.IsHttps || site.Site.PublicUrl.Scheme == Uri.UriSchemeHttps,
                IsEssential = true,
            });
        }

        return links.Sign(Purpose, value);
    }

    public bool IsValid(HttpContext http, IFormCollection form) =>
        http.Request.Cookies[Cookie] is { Length: 22 } value && links.Verify(Purpose, value, form[Field].ToString());
}
