using Pharos.Accounts;
using Pharos.Failover;
using Pharos.Failover.Parity;

namespace Pharos.Admin;

/// <summary>The policy page's "run parity now": compares both environments at once, audited with the operator's name.</summary>
internal static class ParityEndpoints
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapPost("/failover/{id}/parity", async (HttpContext http, AdminPages pages, IFailoverStatus status, ParityService parity, TimeProvider time, string id) =>
        {
            if (status.Find(id) is null)
            {
                await IncidentEndpoints.NotFound(http, pages).ConfigureAwait(false);
                return;
            }

            var report = await parity.RunAsync(id, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            if (report.Skipped is { } why)
            {
                await FailoverEndpoints.RenderErrorAsync(http, pages, status, time, id, $"Parity not run: {why}", StatusCodes.Status409Conflict).ConfigureAwait(false);
                return;
            }

            await AdminPages.SeeOther($"/admin/failover/{id}", $"Parity: {report.Outcome}").ExecuteAsync(http).ConfigureAwait(false);
        }).RequireAuthorization(AuthPolicies.AdminAdmin);
    }
}
