using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Pharos.Accounts;
using Pharos.Admin.Api;
using Pharos.Admin.Keys;
using Pharos.Config;
using Pharos.Storage;

namespace Pharos.Admin;

/// <summary>Registers accounts, sign-in, the admin UI and /api/v1.</summary>
public static class AdminRegistration
{
    public static IServiceCollection AddAdmin(this IServiceCollection services, AdminConfig admin)
    {
        services.AddSingleton<IAccountStore, SqliteAccountStore>();
        services.AddSingleton<IAuditStore, SqliteAuditStore>();
        services.AddSingleton<IAdminStore, SqliteAdminStore>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<SignInService>();
        services.AddSingleton<AdminSessions>();
        services.AddSingleton(admin);
        services.AddSingleton<IncidentService>();
        services.AddSingleton<MaintenanceService>();
        services.AddAdminUi();
        services.AddApiV1();

        // Cookie and antiforgery keys live in the database: they survive restarts, and every node of a cluster shares them.
        services.AddSingleton<DatabaseXmlRepository>();
        services.AddDataProtection().SetApplicationName("pharos");
        services.AddOptions<KeyManagementOptions>().Configure<DatabaseXmlRepository>((o, keys) => o.XmlRepository = keys);

        services.AddAuthentication(AuthPolicies.CookieScheme)
            .AddCookie(AuthPolicies.CookieScheme, o =>
            {
                o.Cookie.Name = "pharos_session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.Path = "/admin";
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
                o.Cookie.Path = "/admin";
                o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
                o.SlidingExpiration = false;
            })
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(AuthPolicies.BearerScheme, null);
        services.AddAuthorization(AuthPolicies.Register);
        ConfigureFromSite(services);
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

    /// <summary>
    /// Cookies are Secure whenever the public URL is https, not only when this request was: behind a proxy that ends
    /// TLS the request Pharos sees is plain http, and SameAsRequest would send the session cookie without Secure.
    /// </summary>
    private static void ConfigureFromSite(IServiceCollection services)
    {
        static CookieSecurePolicy Secure(SiteCatalog c) =>
            c.Site.PublicUrl.Scheme == Uri.UriSchemeHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;

        services.AddOptions<CookieAuthenticationOptions>(AuthPolicies.CookieScheme).Configure<SiteCatalog, AdminConfig>((o, c, a) =>
        {
            o.Cookie.SecurePolicy = Secure(c);
            o.ExpireTimeSpan = a.SessionIdleTimeout;
        });
        services.AddOptions<CookieAuthenticationOptions>(AuthPolicies.TwoFactorScheme).Configure<SiteCatalog>((o, c) => o.Cookie.SecurePolicy = Secure(c));
        // Not the antiforgery cookie: with Always, antiforgery refuses every request that is not https itself, which
        // is every request behind a proxy that ends TLS without being trusted. That cookie is Secure when the request
        // is https, directly or through a trusted proxy; it holds no credential.
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
