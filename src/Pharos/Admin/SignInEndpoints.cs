using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Pharos.Accounts;
using Pharos.Admin.Views;
using Pharos.Audit;
using Pharos.Storage;

namespace Pharos.Admin;

/// <summary>Sign-in with password, then a TOTP or recovery code when enrolled; sign-out.</summary>
internal static class SignInEndpoints
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/login", (HttpContext http, AdminPages pages) =>
            pages.RenderAsync<LoginPage>(http, new() { ["Return"] = SafeReturn(http.Request.Query["ReturnUrl"]) }));
        admin.MapPost("/login", PasswordAsync);
        admin.MapGet("/login/2fa", async (HttpContext http, AdminPages pages) =>
        {
            var pending = await http.AuthenticateAsync(AuthPolicies.TwoFactorScheme).ConfigureAwait(false);
            if (!pending.Succeeded)
            {
                return AdminPages.SeeOther("/admin/login");
            }

            await pages.RenderAsync<LoginPage>(http, new() { ["SecondFactor"] = true }).ConfigureAwait(false);
            return Results.Empty;
        });
        admin.MapPost("/login/2fa", SecondFactorAsync);
        admin.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(AuthPolicies.CookieScheme).ConfigureAwait(false);
            await http.SignOutAsync(AuthPolicies.TwoFactorScheme).ConfigureAwait(false);
            return AdminPages.SeeOther("/admin/login");
        });
    }

    private static async Task PasswordAsync(HttpContext http, AdminPages pages, AccountService accounts, SignInThrottle throttle)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var name = form["name"].ToString();
        var back = SafeReturn(form["return"]);
        var address = http.Connection.RemoteIpAddress?.ToString();
        if (!throttle.TryAcquire(address, name))
        {
            await Fail(http, pages, name, back, "Too many sign-in attempts. Wait a minute and try again.", StatusCodes.Status429TooManyRequests).ConfigureAwait(false);
            return;
        }

        var (outcome, user) = await accounts.CheckPasswordAsync(name, form["password"].ToString(), address, http.RequestAborted).ConfigureAwait(false);
        switch (outcome)
        {
            case SignInOutcome.LockedOut:
                await Fail(http, pages, name, back, $"This account is locked after repeated failed sign-ins. Try again in {AccountService.LockoutDuration.TotalMinutes:0} minutes, or ask an admin to unlock it.", StatusCodes.Status423Locked).ConfigureAwait(false);
                return;
            case SignInOutcome.Failed:
                await Fail(http, pages, name, back, "Wrong user name or password.", StatusCodes.Status401Unauthorized).ConfigureAwait(false);
                return;
            case SignInOutcome.NeedsSecondFactor:
                var pending = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user!.Id), new Claim("return", back)], AuthPolicies.TwoFactorScheme));
                await http.SignInAsync(AuthPolicies.TwoFactorScheme, pending).ConfigureAwait(false);
                await AdminPages.SeeOther("/admin/login/2fa").ExecuteAsync(http).ConfigureAwait(false);
                return;
            default:
                var mustEnrol = await accounts.IsTwoFactorRequiredAsync(http.RequestAborted).ConfigureAwait(false);
                await CompleteAsync(http, accounts, user!, mustEnrol ? "/admin/account" : back, mustEnrol).ConfigureAwait(false);
                return;
        }
    }

    private static async Task SecondFactorAsync(HttpContext http, AdminPages pages, AccountService accounts, IAccountStore store, SignInThrottle throttle, TimeProvider time)
    {
        var pending = await http.AuthenticateAsync(AuthPolicies.TwoFactorScheme).ConfigureAwait(false);
        var user = pending.Principal?.UserId() is { } id ? await store.GetUserAsync(id, http.RequestAborted).ConfigureAwait(false) : null;
        if (user is null)
        {
            await AdminPages.SeeOther("/admin/login").ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var address = http.Connection.RemoteIpAddress?.ToString();
        string? error = null;
        var status = StatusCodes.Status401Unauthorized;
        if (!throttle.TryAcquire(address, user.Name))
        {
            (error, status) = ("Too many attempts. Wait a minute and try again.", StatusCodes.Status429TooManyRequests);
        }
        else if (user.LockedUntil > time.GetUtcNow())
        {
            (error, status) = ("This account is locked after repeated failed sign-ins.", StatusCodes.Status423Locked);
        }
        else if (!await accounts.VerifySecondFactorAsync(user, form["code"], http.RequestAborted).ConfigureAwait(false))
        {
            var outcome = await accounts.RecordSecondFactorFailureAsync(user, address, http.RequestAborted).ConfigureAwait(false);
            (error, status) = outcome == SignInOutcome.LockedOut
                ? ("This account is now locked after repeated failed sign-ins.", StatusCodes.Status423Locked)
                : ("That code is wrong or was already used. Wait for the next code and try again.", StatusCodes.Status401Unauthorized);
        }

        if (error is not null)
        {
            await pages.RenderAsync<LoginPage>(http, new() { ["SecondFactor"] = true, ["Error"] = error }, status).ConfigureAwait(false);
            return;
        }

        await http.SignOutAsync(AuthPolicies.TwoFactorScheme).ConfigureAwait(false);
        await CompleteAsync(http, accounts, user, SafeReturn(pending.Principal!.FindFirstValue("return")), mustEnrol: false).ConfigureAwait(false);
    }

    private static async Task CompleteAsync(HttpContext http, AccountService accounts, User user, string back, bool mustEnrol)
    {
        var principal = PharosClaims.ForUser(user, AuthPolicies.CookieScheme, mustEnrol && !user.TwoFactorEnabled);
        await http.SignInAsync(AuthPolicies.CookieScheme, principal).ConfigureAwait(false);
        await accounts.AuditSignInAsync(user, new Actor(Actor.UserKind, user.Id, user.Name, http.Connection.RemoteIpAddress?.ToString()), http.RequestAborted).ConfigureAwait(false);
        await AdminPages.SeeOther(back).ExecuteAsync(http).ConfigureAwait(false);
    }

    private static Task Fail(HttpContext http, AdminPages pages, string name, string back, string error, int status) =>
        pages.RenderAsync<LoginPage>(http, new() { ["Name"] = name, ["Return"] = back, ["Error"] = error }, status);

    /// <summary>Only paths inside the admin: an open redirect would let a phishing link bounce through the sign-in.</summary>
    private static string SafeReturn(string? url) =>
        url is not null && url.StartsWith("/admin", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal) ? url : "/admin";
}
