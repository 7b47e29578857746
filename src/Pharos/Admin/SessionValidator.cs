using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Pharos.Accounts;

namespace Pharos.Admin;

/// <summary>
/// Checks every admin request's cookie against the database (ASP.NET Core Identity's SecurityStampValidator does so
/// every 30 minutes; here the interval is zero): a signed-out, expired or removed session, a disabled or removed
/// user, or a new security stamp (password, role, 2FA changed) ends the session at once; a new 2FA requirement
/// applies on the next request.
/// </summary>
internal static class SessionValidator
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var http = context.HttpContext;
        var principal = context.Principal ?? new ClaimsPrincipal();
        var sessionId = principal.FindFirstValue(PharosClaims.Session);
        var sessions = http.RequestServices.GetRequiredService<AdminSessions>();
        var user = await sessions.UserOfAsync(sessionId, http.RequestAborted).ConfigureAwait(false);
        if (user is null || user.Id != principal.UserId() || user.SecurityStamp != principal.FindFirstValue(PharosClaims.Stamp))
        {
            context.RejectPrincipal();
            // Drop the dead cookie too, as Identity does, so the browser stops sending it.
            await http.SignOutAsync(context.Scheme.Name).ConfigureAwait(false);
            return;
        }

        // Requiring 2FA takes effect on open sessions too, not only at the next sign-in.
        var accounts = http.RequestServices.GetRequiredService<AccountService>();
        var mustEnrol = !user.TwoFactorEnabled && await accounts.IsTwoFactorRequiredAsync(http.RequestAborted).ConfigureAwait(false);
        var fresh = PharosClaims.ForUser(user, context.Scheme.Name, mustEnrol, sessionId!);
        if (!fresh.Claims.Select(c => (c.Type, c.Value)).SequenceEqual(principal.Claims.Select(c => (c.Type, c.Value))))
        {
            context.ReplacePrincipal(fresh);
            context.ShouldRenew = true;
        }
    }

    /// <summary>Starts a server-side session for <paramref name="user"/> and sets its cookie.</summary>
    public static async Task<ClaimsPrincipal> SignInAsync(HttpContext http, User user, bool mustEnrol)
    {
        var sessions = http.RequestServices.GetRequiredService<AdminSessions>();
        var id = await sessions.StartAsync(user, http.Connection.RemoteIpAddress, http.RequestAborted).ConfigureAwait(false);
        var principal = PharosClaims.ForUser(user, AuthPolicies.CookieScheme, mustEnrol, id);
        await http.SignInAsync(AuthPolicies.CookieScheme, principal).ConfigureAwait(false);
        http.User = principal;
        return principal;
    }
}
