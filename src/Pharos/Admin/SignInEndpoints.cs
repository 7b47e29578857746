using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Pharos.Accounts;
using Pharos.Admin.Views;
using Pharos.Audit;

namespace Pharos.Admin;

/// <summary>Sign-in with password, then a TOTP or recovery code when enrolled; sign-out, which ends the session on the server.</summary>
internal static class SignInEndpoints
{
    /// <summary>The only answer to a wrong password, an unknown name and a disabled account alike.</summary>
    private const string WrongCredentials = "Wrong user name or password.";

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
        admin.MapPost("/logout", async (HttpContext http, AdminSessions sessions) =>
        {
            // The cookie alone is not the session: delete it on the server, so a copied cookie stops working too.
            if (http.User.FindFirstValue(PharosClaims.Session) is { } id)
            {
                await sessions.EndAsync(id, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            }

            await http.SignOutAsync(AuthPolicies.CookieScheme).ConfigureAwait(false);
            await http.SignOutAsync(AuthPolicies.TwoFactorScheme).ConfigureAwait(false);
            return AdminPages.SeeOther("/admin/login");
        });
    }

    private static async Task PasswordAsync(HttpContext http, AdminPages pages, AccountService accounts, SignInService signIn)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var name = form["name"].ToString();
        var back = SafeReturn(form["return"]);
        // A name longer than any user's is not echoed back into the page.
        var shown = name.Length <= User.MaxNameLength ? name : "";
        var result = await signIn.PasswordAsync(name, form["password"], http.Connection.RemoteIpAddress, http.RequestAborted).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case SignInOutcome.Throttled:
                await Throttled(http, pages, result, new() { ["Name"] = shown, ["Return"] = back }).ConfigureAwait(false);
                return;
            case SignInOutcome.Failed:
                await pages.RenderAsync<LoginPage>(http, new() { ["Name"] = shown, ["Return"] = back, ["Error"] = WrongCredentials }, StatusCodes.Status401Unauthorized).ConfigureAwait(false);
                return;
            case SignInOutcome.NeedsSecondFactor:
                var pending = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, result.User!.Id), new Claim("return", back)], AuthPolicies.TwoFactorScheme));
                await http.SignInAsync(AuthPolicies.TwoFactorScheme, pending).ConfigureAwait(false);
                await AdminPages.SeeOther("/admin/login/2fa").ExecuteAsync(http).ConfigureAwait(false);
                return;
            default:
                var mustEnrol = await accounts.IsTwoFactorRequiredAsync(http.RequestAborted).ConfigureAwait(false);
                await CompleteAsync(http, accounts, result.User!, mustEnrol ? "/admin/account" : back, mustEnrol).ConfigureAwait(false);
                return;
        }
    }

    private static async Task SecondFactorAsync(HttpContext http, AdminPages pages, AccountService accounts, SignInService signIn)
    {
        var pending = await http.AuthenticateAsync(AuthPolicies.TwoFactorScheme).ConfigureAwait(false);
        if (pending.Principal?.UserId() is not { } id)
        {
            await AdminPages.SeeOther("/admin/login").ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var result = await signIn.SecondFactorAsync(id, form["code"], http.Connection.RemoteIpAddress, http.RequestAborted).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case SignInOutcome.Throttled:
                await Throttled(http, pages, result, new() { ["SecondFactor"] = true }).ConfigureAwait(false);
                return;
            case SignInOutcome.Failed when result.User is null:
                // Removed or disabled since the password step.
                await http.SignOutAsync(AuthPolicies.TwoFactorScheme).ConfigureAwait(false);
                await AdminPages.SeeOther("/admin/login").ExecuteAsync(http).ConfigureAwait(false);
                return;
            case SignInOutcome.Failed:
                await pages.RenderAsync<LoginPage>(http, new() { ["SecondFactor"] = true, ["Error"] = "That code is wrong or was already used. Wait for the next code and try again." },
                    StatusCodes.Status401Unauthorized).ConfigureAwait(false);
                return;
            default:
                await http.SignOutAsync(AuthPolicies.TwoFactorScheme).ConfigureAwait(false);
                await CompleteAsync(http, accounts, result.User!, SafeReturn(pending.Principal!.FindFirstValue("return")), mustEnrol: false).ConfigureAwait(false);
                return;
        }
    }

    private static async Task CompleteAsync(HttpContext http, AccountService accounts, User user, string back, bool mustEnrol)
    {
        await SessionValidator.SignInAsync(http, user, mustEnrol && !user.TwoFactorEnabled).ConfigureAwait(false);
        await accounts.AuditSignInAsync(user, new Actor(Actor.UserKind, user.Id, user.Name, http.Connection.RemoteIpAddress?.ToString()), http.RequestAborted).ConfigureAwait(false);
        await AdminPages.SeeOther(back).ExecuteAsync(http).ConfigureAwait(false);
    }

    /// <summary>429 with Retry-After: about this address only, so it says nothing about the account tried.</summary>
    private static Task Throttled(HttpContext http, AdminPages pages, SignInResult result, Dictionary<string, object?> page)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(result.RetryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        page["Error"] = $"Too many failed sign-ins from your network. Try again in {seconds} seconds.";
        return pages.RenderAsync<LoginPage>(http, page, StatusCodes.Status429TooManyRequests);
    }

    /// <summary>Only paths inside the admin: an open redirect would let a phishing link bounce through the sign-in.</summary>
    private static string SafeReturn(string? url) =>
        url is not null && url.StartsWith("/admin", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal) ? url : "/admin";
}
