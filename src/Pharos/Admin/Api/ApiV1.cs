using Pharos.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Pharos.Admin.Api;

/// <summary>
/// The authenticated REST API under /api/v1. Other features add their endpoints to the group returned by
/// <see cref="MapApiV1"/> or map their own "/api/v1/…" routes with <c>.RequireAuthorization(AuthPolicies.ApiRead)</c>.
/// </summary>
public static class ApiV1
{
    public const string Prefix = "/api/v1";

    /// <summary>Request bodies are small JSON documents; anything bigger is refused before it is read.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static IServiceCollection AddApiV1(this IServiceCollection services)
    {
        services.AddSingleton<Idempotency>();
        services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true && !d.RelativePath.Contains("{**", StringComparison.Ordinal);
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info.Title = "Pharos admin API";
                doc.Info.Description = "Incidents, maintenance, users, tokens, the audit log, failover and notifications (outbox, alerts). Authenticate with 'Authorization: Bearer pharos_…'. " +
                    "Errors are application/problem+json; POSTs honour Idempotency-Key.";
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static RouteGroupBuilder MapApiV1(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(Prefix + "/openapi.json").AllowAnonymous();
        var api = app.MapGroup(Prefix);
        IncidentsApi.Map(api);
        MaintenancesApi.Map(api);
        AdminApi.Map(api);
        UsersApi.Map(api);
        FailoverApi.Map(api);
        DrillsApi.Map(api);
        SubscribersApi.Map(api);
        NotificationsApi.Map(api);

        // Anything else under /api/v1 is a JSON 404, never the HTML page a browser would get.
        app.Map(Prefix + "/{**path}", (HttpContext http) =>
            Problems.WriteAsync(http, StatusCodes.Status404NotFound, "Not found", $"There is no API endpoint at {http.Request.Path}."));
        return api;
    }

    public static async Task<byte[]> ReadBodyAsync(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        using var ms = new MemoryStream();
        await http.Request.Body.CopyToAsync(ms, http.RequestAborted).ConfigureAwait(false);
        return ms.ToArray();
    }
}
