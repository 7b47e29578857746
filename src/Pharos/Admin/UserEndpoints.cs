using Pharos.Accounts;
using Pharos.Admin.Views;

namespace Pharos.Admin;

/// <summary>
/// /admin/users (admins only): add people, change their role or password, disable, enable or remove them, reset
/// their two-factor sign-in or failed sign-ins, and require two-factor sign-in for everyone. Every form carries its
/// antiforgery token (checked for the whole /admin group); every change is audited and ends the person's sessions.
/// </summary>
internal static class UserEndpoints
{
    public static void Map(RouteGroupBuilder admin)
    {
        var users = admin.MapGroup("/users").RequireAuthorization(AuthPolicies.AdminAdmin);
        users.MapGet("", (HttpContext http, AdminPages pages, IAccountStore store, AccountService accounts) => RenderAsync(http, pages, store, accounts, null));
        users.MapPost("", AddAsync);
        users.MapPost("/{id}/disable", (HttpContext http, AccountService accounts, string id) =>
            Change(http, accounts.DisableAsync(id, PharosClaims.ActorOf(http), http.RequestAborted), u => $"{u.Name} is disabled and signed out."));
        users.MapPost("/{id}/enable", (HttpContext http, AccountService accounts, string id) =>
            Change(http, accounts.EnableAsync(id, PharosClaims.ActorOf(http), http.RequestAborted), u => $"{u.Name} may sign in again."));
        users.MapPost("/{id}/remove", (HttpContext http, AccountService accounts, string id) =>
            Change(http, accounts.RemoveAsync(id, PharosClaims.ActorOf(http), http.RequestAborted), u => $"Removed {u.Name}."));
        users.MapPost("/{id}/reset-2fa", (HttpContext http, AccountService accounts, string id) =>
            Change(http, accounts.ResetTwoFactorAsync(id, PharosClaims.ActorOf(http), http.RequestAborted), u => $"{u.Name} has two-factor sign-in off."));
        users.MapPost("/{id}/role", async (HttpContext http, AccountService accounts, string id) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            return Roles.TryParse(form["role"], out var role)
                ? await Change(http, accounts.SetRoleAsync(id, role, PharosClaims.ActorOf(http), http.RequestAborted), u => $"{u.Name} is now {Roles.Of(u.Role)}.").ConfigureAwait(false)
                : AdminPages.SeeOther("/admin/users", "Choose a role: viewer, editor or admin.");
        });
        users.MapPost("/{id}/password", async (HttpContext http, AccountService accounts, string id) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            return await Change(http, accounts.SetPasswordAsync(id, form["password"].ToString(), PharosClaims.ActorOf(http), http.RequestAborted),
                u => $"New password set for {u.Name}; their sessions were signed out.").ConfigureAwait(false);
        });
        users.MapPost("/{id}/reset-failures", async (HttpContext http, IAccountStore store, AccountService accounts, string id) =>
        {
            var user = await store.GetUserAsync(id, http.RequestAborted).ConfigureAwait(false);
            if (user is null)
            {
                return AdminPages.SeeOther("/admin/users", "No such user.");
            }

            await accounts.ResetFailedSignInsAsync(user, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            return AdminPages.SeeOther("/admin/users", $"Forgot the failed sign-ins of {user.Name}.");
        });

        admin.MapPost("/settings/require-2fa", async (HttpContext http, AccountService accounts) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            var required = form["required"] == "true";
            await accounts.SetTwoFactorRequiredAsync(required, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            return AdminPages.SeeOther("/admin/users", required ? "Two-factor sign-in is now required for everyone." : "Two-factor sign-in is now optional.");
        }).RequireAuthorization(AuthPolicies.AdminAdmin);
    }

    private static async Task AddAsync(HttpContext http, AdminPages pages, IAccountStore store, AccountService accounts)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        if (!Roles.TryParse(form["role"], out var role))
        {
            await RenderAsync(http, pages, store, accounts, "Choose a role.", 400).ConfigureAwait(false);
            return;
        }

        var added = await accounts.AddUserAsync(form["name"].ToString(), role, form["password"].ToString(), PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
        if (!added.Done)
        {
            await RenderAsync(http, pages, store, accounts, added.Problem, 400).ConfigureAwait(false);
            return;
        }

        await AdminPages.SeeOther("/admin/users", $"Added {added.User!.Name}.").ExecuteAsync(http).ConfigureAwait(false);
    }

    /// <summary>Post/redirect/get with what happened, or why nothing did.</summary>
    private static async Task<IResult> Change(HttpContext http, Task<AccountResult> change, Func<User, string> done)
    {
        var result = await change.ConfigureAwait(false);
        return AdminPages.SeeOther("/admin/users", result.Done ? done(result.User!) : result.Problem);
    }

    private static async Task RenderAsync(HttpContext http, AdminPages pages, IAccountStore store, AccountService accounts, string? error, int status = 200) =>
        await pages.RenderAsync<UsersPage>(http, new()
        {
            ["Users"] = await store.ListUsersAsync(http.RequestAborted).ConfigureAwait(false),
            ["RequireTwoFactor"] = await accounts.IsTwoFactorRequiredAsync(http.RequestAborted).ConfigureAwait(false),
            ["Error"] = error,
        }, status).ConfigureAwait(false);
}
