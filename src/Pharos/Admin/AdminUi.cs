using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Features;
using Pharos.Accounts;
using Pharos.Admin.Views;
using Pharos.Storage;

namespace Pharos.Admin;

/// <summary>The server-rendered admin under /admin: every page needs a sign-in, every POST an antiforgery token.</summary>
public static class AdminUi
{
    public const string CsrfField = "__csrf";

    /// <summary>The largest form accepted from someone not signed in: a sign-in form is well under 1 KiB.</summary>
    public const int AnonymousFormBytes = 16 * 1024;

    public static IServiceCollection AddAdminUi(this IServiceCollection services)
    {
        services.AddSingleton<AdminPages>();
        services.PostConfigure<CookieAuthenticationOptions>(AuthPolicies.CookieScheme, o => o.Events.OnRedirectToAccessDenied = AccessDeniedAsync);
        return services;
    }

    public static IEndpointRouteBuilder MapAdminUi(this IEndpointRouteBuilder app)
    {
        AdminAssets.Map(app);
        var admin = app.MapGroup("/admin").AddEndpointFilter(RequireAntiforgeryOnPost);
        SignInEndpoints.Map(admin);
        admin.MapGet("", async (HttpContext http, AdminPages pages, IAdminStore store, Failover.IFailoverStatus failover) =>
            await pages.RenderAsync<DashboardPage>(http, new() { ["Recent"] = await store.ListIncidentsAsync(20, http.RequestAborted).ConfigureAwait(false), ["Failover"] = failover }).ConfigureAwait(false))
            .RequireAuthorization(AuthPolicies.AdminRead);
        IncidentEndpoints.Map(admin);
        MaintenanceEndpoints.Map(admin);
        AccountEndpoints.Map(admin);
        ManagementEndpoints.Map(admin);
        UserEndpoints.Map(admin);
        FailoverEndpoints.Map(admin);
        ParityEndpoints.Map(admin);
        SubscriberEndpoints.Map(admin);
        ProbeEndpoints.Map(admin);
        NotificationEndpoints.Map(admin);
        return app;
    }

    /// <summary>Every POST under /admin must carry the form token tied to the antiforgery cookie; otherwise 400 and nothing happens.</summary>
    private static async ValueTask<object?> RequireAntiforgeryOnPost(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsPost(http.Request.Method))
        {
            // Nobody signed in posts more than a sign-in form: refuse anything bigger before it is read.
            if (http.User.Identity?.IsAuthenticated != true && http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = AnonymousFormBytes;
            }

            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            bool valid;
            try
            {
                valid = await antiforgery.IsRequestValidAsync(http).ConfigureAwait(false);
            }
            catch (AntiforgeryValidationException e)
            {
                // The form could not be read at all: too large, or not a form.
                return e.InnerException is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
                    ? Results.Text("The form is too large.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status413PayloadTooLarge)
                    : Results.Text("The form could not be read.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            }

            if (!valid)
            {
                return Results.Text("The form had expired or did not come from this site. Go back, reload the page and try again.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            }
        }

        return await next(context).ConfigureAwait(false);
    }

    /// <summary>A signed-in person without the scope gets a real 403 page, or the enrolment page when 2FA is still owed.</summary>
    private static async Task AccessDeniedAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        var http = context.HttpContext;
        if (http.User.HasClaim(c => c.Type == PharosClaims.MustEnrol))
        {
            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            http.Response.Headers.Location = "/admin/account";
            return;
        }

        await http.RequestServices.GetRequiredService<AdminPages>().RenderAsync<MessagePage>(http, new()
        {
            ["Heading"] = "Not allowed",
            ["Message"] = "Your role does not allow this. Ask an admin if you need it.",
        }, StatusCodes.Status403Forbidden).ConfigureAwait(false);
    }
}
