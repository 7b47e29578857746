using Microsoft.AspNetCore.DataProtection;
using Pharos.Accounts;
using Pharos.Admin.Views;
using Pharos.Config;
using QRCoder;

namespace Pharos.Admin;

/// <summary>
/// The signed-in person's own account: their password, and two-factor enrolment. The new secret travels in the form protected by Data Protection (encrypted and signed),
/// so nothing half-enrolled is stored and a tampered secret is refused.
/// </summary>
internal static class AccountEndpoints
{
    private const string Purpose = "pharos.totp-enrolment";

    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/account", async (HttpContext http, AdminPages pages, IAccountStore store, IDataProtectionProvider protection, SiteCatalog config) =>
        {
            var user = await store.GetUserAsync(http.User.UserId()!, http.RequestAborted).ConfigureAwait(false);
            if (user is null)
            {
                await AdminPages.SeeOther("/admin/login").ExecuteAsync(http).ConfigureAwait(false);
                return;
            }

            await RenderAsync(http, pages, store, protection, config, user, null).ConfigureAwait(false);
        }).RequireAuthorization(AuthPolicies.AdminSignedIn);

        admin.MapPost("/account/2fa", async (HttpContext http, AdminPages pages, IAccountStore store, AccountService accounts, IDataProtectionProvider protection, SiteCatalog config) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            var user = await store.GetUserAsync(http.User.UserId()!, http.RequestAborted).ConfigureAwait(false);
            if (user is null || user.TwoFactorEnabled)
            {
                await AdminPages.SeeOther("/admin/account").ExecuteAsync(http).ConfigureAwait(false);
                return;
            }

            string secret;
            try
            {
                secret = protection.CreateProtector(Purpose, user.Id).ToTimeLimitedDataProtector().Unprotect(form["enrolment"].ToString());
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                await RenderAsync(http, pages, store, protection, config, user, "The enrolment expired; scan the new code.", status: 400).ConfigureAwait(false);
                return;
            }

            var codes = await accounts.ConfirmEnrolmentAsync(user, secret, form["code"], PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            if (codes is null)
            {
                await RenderAsync(http, pages, store, protection, config, user, "That code does not match; check the app's clock and try the next code.", secret, 400).ConfigureAwait(false);
                return;
            }

            // Enrolment rotated the security stamp and ended every session; this one carries on in a new session,
            // now without the enrolment gate.
            var enrolled = (await store.GetUserAsync(user.Id, http.RequestAborted).ConfigureAwait(false))!;
            await SessionValidator.SignInAsync(http, enrolled, mustEnrol: false).ConfigureAwait(false);
            await pages.RenderAsync<AccountPage>(http, new() { ["Enabled"] = true, ["RecoveryCodes"] = codes }).ConfigureAwait(false);
        }).RequireAuthorization(AuthPolicies.AdminSignedIn);

        admin.MapPost("/account/password", ChangePasswordAsync).RequireAuthorization(AuthPolicies.AdminSignedIn);

        admin.MapPost("/account/recovery-codes", async (HttpContext http, AdminPages pages, IAccountStore store, AccountService accounts) =>
        {
            var user = await store.GetUserAsync(http.User.UserId()!, http.RequestAborted).ConfigureAwait(false);
            if (user is not { TwoFactorEnabled: true })
            {
                await AdminPages.SeeOther("/admin/account").ExecuteAsync(http).ConfigureAwait(false);
                return;
            }

            var codes = await accounts.NewRecoveryCodesAsync(user, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            await pages.RenderAsync<AccountPage>(http, new() { ["Enabled"] = true, ["RecoveryCodes"] = codes }).ConfigureAwait(false);
        }).RequireAuthorization(AuthPolicies.AdminSignedIn);
    }

    /// <summary>A person changes their own password: the current one first (as Identity's ChangePasswordAsync asks).</summary>
    private static async Task ChangePasswordAsync(HttpContext http, AdminPages pages, IAccountStore store, AccountService accounts, SignInService signIn, IDataProtectionProvider protection, SiteCatalog config)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var user = await store.GetUserAsync(http.User.UserId()!, http.RequestAborted).ConfigureAwait(false);
        if (user is null)
        {
            await AdminPages.SeeOther("/admin/login").ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        string? error = null;
        var fresh = form["new_password"].ToString();
        if (fresh != form["new_password_again"].ToString())
        {
            error = "The two new passwords differ.";
        }
        else if (PasswordRules.Problem(fresh) is { } problem)
        {
            error = problem;
        }
        else if (!await signIn.ConfirmPasswordAsync(user, form["current_password"], http.Connection.RemoteIpAddress, http.RequestAborted).ConfigureAwait(false))
        {
            error = "The current password is wrong.";
        }

        if (error is not null)
        {
            await RenderAsync(http, pages, store, protection, config, user, null, status: 400, passwordError: error).ConfigureAwait(false);
            return;
        }

        var result = await accounts.SetPasswordAsync(user.Id, fresh, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
        if (result.User is { } changed)
        {
            // The new stamp ended every session of this user, this one included; carry on in a new one.
            var mustEnrol = http.User.HasClaim(c => c.Type == PharosClaims.MustEnrol);
            await SessionValidator.SignInAsync(http, changed, mustEnrol).ConfigureAwait(false);
        }

        await AdminPages.SeeOther("/admin/account", "Password changed; your other sessions were signed out.").ExecuteAsync(http).ConfigureAwait(false);
    }

    private static async Task RenderAsync(HttpContext http, AdminPages pages, IAccountStore store, IDataProtectionProvider protection, SiteCatalog config, User user, string? error,
        string? secret = null, int status = 200, string? passwordError = null)
    {
        if (user.TwoFactorEnabled)
        {
            var unused = await store.CountUnusedRecoveryCodesAsync(user.Id, http.RequestAborted).ConfigureAwait(false);
            await pages.RenderAsync<AccountPage>(http, new() { ["Enabled"] = true, ["UnusedCodes"] = unused, ["PasswordError"] = passwordError }, status).ConfigureAwait(false);
            return;
        }

        secret ??= Totp.NewSecret();
        var uri = Totp.EnrolmentUri(config.Site.Name, user.Name, secret);
        await pages.RenderAsync<AccountPage>(http, new()
        {
            ["Secret"] = secret,
            ["Enrolment"] = protection.CreateProtector(Purpose, user.Id).ToTimeLimitedDataProtector().Protect(secret, TimeSpan.FromMinutes(15)),
            ["QrDataUrl"] = QrDataUrl(uri),
            ["Error"] = error,
            ["MustEnrol"] = http.User.HasClaim(c => c.Type == PharosClaims.MustEnrol),
            ["PasswordError"] = passwordError,
        }, status).ConfigureAwait(false);
    }

    /// <summary>A PNG data: URL, which the CSP's img-src 'self' data: allows without any script.</summary>
    private static string QrDataUrl(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(6);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
