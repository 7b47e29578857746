using Pharos.Accounts;
using Pharos.Admin.Views;
using Pharos.Config;
using Pharos.Failover;
using Pharos.Failover.Drills;

namespace Pharos.Admin;

/// <summary>The drill pages of a policy: the plan with its confirm form, the list, each report, and the abort.</summary>
internal static class DrillEndpoints
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/failover/{id}/drill", async (HttpContext http, AdminPages pages, DrillRequests requests, string id) =>
        {
            if (Plan(http, requests, id, null) is not { } plan)
            {
                await IncidentEndpoints.NotFound(http, pages).ConfigureAwait(false);
                return;
            }

            await pages.RenderAsync<DrillPlanPage>(http, new() { ["Plan"] = plan }, StatusCodes.Status200OK).ConfigureAwait(false);
        }).RequireAuthorization(AuthPolicies.AdminRead);

        admin.MapPost("/failover/{id}/drill", async (HttpContext http, AdminPages pages, DrillRequests requests, string id) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            TimeSpan? hold = DurationParser.TryParse(form["hold"].ToString(), out var h) ? h : null;
            var error = hold is null ? "The hold must be a duration such as 60s or 2m."
                : form["confirm"] != "on" ? "Confirm that you have read the plan."
                : null;
            if (error is null)
            {
                var result = await requests.RequestAsync(id, PharosClaims.ActorOf(http), hold, http.RequestAborted).ConfigureAwait(false);
                if (result is DrillRequestResult.Requested r)
                {
                    await AdminPages.SeeOther($"/admin/failover/{id}/drills/{r.Id}", $"Drill {r.Id} requested; the leading node starts it within seconds.").ExecuteAsync(http).ConfigureAwait(false);
                    return;
                }

                error = result.Message;
            }

            if (Plan(http, requests, id, hold) is not { } plan)
            {
                await IncidentEndpoints.NotFound(http, pages).ConfigureAwait(false);
                return;
            }

            await pages.RenderAsync<DrillPlanPage>(http, new() { ["Plan"] = plan, ["Error"] = error }, StatusCodes.Status409Conflict).ConfigureAwait(false);
        }).RequireAuthorization(AuthPolicies.AdminAdmin);

        admin.MapGet("/failover/{id}/drills", async (HttpContext http, AdminPages pages, IFailoverStatus status, DrillStore store, string id) =>
        {
            if (status.Find(id) is null)
            {
                await IncidentEndpoints.NotFound(http, pages).ConfigureAwait(false);
                return;
            }

            await pages.RenderAsync<DrillListPage>(http, new() { ["PolicyId"] = id, ["Drills"] = await store.ListAsync(id, 100, http.RequestAborted).ConfigureAwait(false) }, StatusCodes.Status200OK).ConfigureAwait(false);
        }).RequireAuthorization(AuthPolicies.AdminRead);

        admin.MapGet("/failover/{id}/drills/{drillId:long}", async (HttpContext http, AdminPages pages, DrillStore store, string id, long drillId) =>
        {
            if (await store.GetAsync(drillId, http.RequestAborted).ConfigureAwait(false) is not { } d || d.PolicyId != id)
            {
                await IncidentEndpoints.NotFound(http, pages).ConfigureAwait(false);
                return;
            }

            await pages.RenderAsync<DrillReportPage>(http, new() { ["Drill"] = d }, StatusCodes.Status200OK).ConfigureAwait(false);
        }).RequireAuthorization(AuthPolicies.AdminRead);

        admin.MapPost("/failover/{id}/drills/{drillId:long}/abort", async (HttpContext http, DrillRequests requests, string id, long drillId) =>
        {
            var aborted = await requests.AbortAsync(drillId, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            await AdminPages.SeeOther($"/admin/failover/{id}/drills/{drillId}", aborted ? "Abort requested: the names return to the primary." : "The drill had already ended.").ExecuteAsync(http).ConfigureAwait(false);
        }).RequireAuthorization(AuthPolicies.AdminAdmin);
    }

    /// <summary>The plan names the pre-checks this node has registered (parity and the like included).</summary>
    private static DrillPlan? Plan(HttpContext http, DrillRequests requests, string id, TimeSpan? hold)
    {
        var names = http.RequestServices.GetServices<IDrillPrecheck>().Select(p => p.Name).ToList();
        return requests.Plan(id, hold, names.Count > 0 ? names : null);
    }
}
