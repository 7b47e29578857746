using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Pharos.Accounts;
using Pharos.Api.V1;
using Pharos.Hosting;
using Pharos.Storage;

namespace Pharos.Admin;

/// <summary>Registers accounts, sign-in, the admin UI and /api/v1.</summary>
public static class AdminSetup
{
    public static IServiceCollection AddAdmin(this IServiceCollection services, ServeOptions options)
    {
        services.AddSingleton<IAccountStore, SqliteAccountStore>();
        services.AddSingleton<IAuditStore, SqliteAuditStore>();
        services.AddSingleton<IAdminStore, SqliteAdminStore>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<IncidentService>();
        services.AddSingleton<MaintenanceService>();
        services.AddAdminUi();
        services.AddApiV1();

        // Cookie and antiforgery keys live in the data folder: they survive restarts and nothing is written elsewhere.
        services.AddDataProtection()
            .SetApplicationName("pharos")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.DataDirectory, "keys")));

        services.AddAuthentication(AuthPolicies.CookieScheme)
            .AddCookie(AuthPolicies.CookieScheme, o =>
            {
                o.Cookie.Name = "pharos_session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Cookie.Path = "/admin";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.LoginPath = "/admin/login";
                o.LogoutPath = "/admin/logout";
                o.AccessDeniedPath = "/admin/forbidden";
                o.Events.OnValidatePrincipal = SessionValidator.ValidateAsync;
            })
            .AddCookie(AuthPolicies.TwoFactorScheme, o =>
            {
                o.Cookie.Name = "pharos_2fa";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Cookie.Path = "/admin";
                o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
                o.SlidingExpiration = false;
            })
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(AuthPolicies.BearerScheme, null);
        services.AddAuthorization(AuthPolicies.Register);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "pharos_csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = "/admin";
            o.FormFieldName = AdminUi.CsrfField;
            // SecurityHeaders already sends X-Frame-Options: DENY, stricter than antiforgery's SAMEORIGIN.
            o.SuppressXFrameOptionsHeader = true;
        });
        return services;
    }

    public static WebApplication UseAdmin(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        app.MapAdminUi();
        app.MapApiV1();
        return app;
    }
}
