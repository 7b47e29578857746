using Microsoft.AspNetCore.Authorization;

namespace Pharos.Accounts;

/// <summary>
/// Named authorization policies. The Api* ones accept only bearer tokens (no cookies, so no cross-site request can
/// use them); the Admin* ones accept only the admin sign-in cookie. Another feature's endpoints under /api/v1 attach
/// with <c>.RequireAuthorization(AuthPolicies.ApiRead)</c>.
/// </summary>
public static class AuthPolicies
{
    public const string ApiRead = "api:read";
    public const string ApiIncidentsWrite = "api:incidents:write";
    public const string ApiMaintenanceWrite = "api:maintenance:write";
    public const string ApiNotificationsWrite = "api:notifications:write";
    public const string ApiAdmin = "api:admin";

    /// <summary>A remote probe's token: its checks and its results, nothing else.</summary>
    public const string ApiProbe = "api:probe";

    public const string AdminRead = "admin:read";
    public const string AdminIncidentsWrite = "admin:incidents:write";
    public const string AdminMaintenanceWrite = "admin:maintenance:write";
    public const string AdminNotificationsWrite = "admin:notifications:write";
    public const string AdminAdmin = "admin:admin";

    /// <summary>Any signed-in person, even one who must still enrol in two-factor sign-in (their account page).</summary>
    public const string AdminSignedIn = "admin:signed_in";

    /// <summary>The cookie of a signed-in person.</summary>
    public const string CookieScheme = "PharosCookie";

    /// <summary>The short-lived cookie between a correct password and a correct second factor.</summary>
    public const string TwoFactorScheme = "PharosTwoFactor";

    /// <summary>Authorization: Bearer with an API token.</summary>
    public const string BearerScheme = "PharosToken";

    public static void Register(AuthorizationOptions o)
    {
        Add(o, ApiRead, BearerScheme, Scopes.Read);
        Add(o, ApiIncidentsWrite, BearerScheme, Scopes.IncidentsWrite);
        Add(o, ApiMaintenanceWrite, BearerScheme, Scopes.MaintenanceWrite);
        Add(o, ApiNotificationsWrite, BearerScheme, Scopes.NotificationsWrite);
        Add(o, ApiAdmin, BearerScheme, Scopes.Admin);
        Add(o, ApiProbe, BearerScheme, Scopes.Probe);
        Add(o, AdminRead, CookieScheme, Scopes.Read);
        Add(o, AdminIncidentsWrite, CookieScheme, Scopes.IncidentsWrite);
        Add(o, AdminMaintenanceWrite, CookieScheme, Scopes.MaintenanceWrite);
        Add(o, AdminNotificationsWrite, CookieScheme, Scopes.NotificationsWrite);
        Add(o, AdminAdmin, CookieScheme, Scopes.Admin);
        o.AddPolicy(AdminSignedIn, p => p.AddAuthenticationSchemes(CookieScheme).RequireAuthenticatedUser());
    }

    private static void Add(AuthorizationOptions o, string name, string scheme, string scope) =>
        o.AddPolicy(name, p => p.AddAuthenticationSchemes(scheme).RequireAuthenticatedUser().RequireClaim(Scopes.ClaimType, scope));
}
