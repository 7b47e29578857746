using Pharos.Accounts;
using Pharos.Admin.Views;
using Pharos.Failover;

namespace Pharos.Admin;

/// <summary>The failover page per policy: state, answers, history, and the operator's buttons.</summary>
internal static class FailoverEndpoints
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/failover/{id}", (HttpContext http, AdminPages pages, FailoverService service, IFailoverStore store, string id) =>
            RenderAsync(http, pages, service, store, id, null, StatusCodes.Status200OK)).RequireAuthorization(AuthPolicies.AdminRead);

        admin.MapPost("/failover/{id}/act", async (HttpContext http, AdminPages pages, FailoverService service, IFailoverStore store, string id) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            var (ok, message) = await service.CommandAsync(id, form["action"].ToString(), form["reason"].ToString(), PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            if (ok)
            {
                await AdminPages.SeeOther($"/admin/failover/{id}", message).ExecuteAsync(http).ConfigureAwait(false);
                return;
            }

            await RenderAsync(http, pages, service, store, id, message, StatusCodes.Status400BadRequest).ConfigureAwait(false);
        }).RequireAuthorization(AuthPolicies.AdminAdmin);
    }

    private static async Task RenderAsync(HttpContext http, AdminPages pages, FailoverService service, IFailoverStore store, string id, string? error, int status)
    {
        var policy = service.Controller?.Policies.FirstOrDefault(p => p.Id == id);
        if (policy is null)
        {
            await IncidentEndpoints.NotFound(http, pages).ConfigureAwait(false);
            return;
        }

        await pages.RenderAsync<FailoverPolicyPage>(http, new()
        {
            ["Policy"] = policy,
            ["Controller"] = service.Controller,
            ["History"] = await store.GetTransitionsAsync(id, 50, http.RequestAborted).ConfigureAwait(false),
            ["Answers"] = service.Controller!.AnswersOf(id),
            ["Error"] = error,
        }, status).ConfigureAwait(false);
    }
}
