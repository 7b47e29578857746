using Microsoft.AspNetCore.Authentication.Cookies;
using Pharos.Accounts;
using Pharos.Storage;

namespace Pharos.Admin;

/// <summary>
/// Checks each admin request's cookie against the database: a removed user, a changed password or 2FA (a new
/// security stamp) ends the session at once; a changed role or a new 2FA requirement takes effect on the next request.
/// </summary>
internal static class SessionValidator
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var id = principal?.UserId();
        var store = context.HttpContext.RequestServices.GetRequiredService<IAccountStore>();
        var user = id is null ? null : await store.GetUserAsync(id, context.HttpContext.RequestAborted).ConfigureAwait(false);
        if (user is null || user.SecurityStamp != principal!.FindFirst(PharosClaims.Stamp)?.Value)
        {
            context.RejectPrincipal();
            return;
        }

        // Requiring 2FA takes effect on open sessions too, not only at the next sign-in.
        var accounts = context.HttpContext.RequestServices.GetRequiredService<AccountService>();
        var mustEnrol = !user.TwoFactorEnabled && await accounts.IsTwoFactorRequiredAsync(context.HttpContext.RequestAborted).ConfigureAwait(false);
        var fresh = PharosClaims.ForUser(user, context.Scheme.Name, mustEnrol);
        if (!fresh.Claims.Select(c => (c.Type, c.Value)).SequenceEqual(principal.Claims.Select(c => (c.Type, c.Value))))
        {
            context.ReplacePrincipal(fresh);
            context.ShouldRenew = true;
        }
    }
}
