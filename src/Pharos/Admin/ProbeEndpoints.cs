using Pharos.Accounts;
using Pharos.Admin.Views;
using Pharos.Monitoring.Locations;
using Pharos.Probes;

namespace Pharos.Admin;

/// <summary>
/// /admin/probes (admins only: a probe's token is a credential): remote probes with their last contact and whether
/// their location is impaired, every location's state, adding a probe (its token shown once) and revoking one.
/// Both changes are audited by <see cref="ProbeService"/>.
/// </summary>
internal static class ProbeEndpoints
{
    public static void Map(RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/probes").RequireAuthorization(AuthPolicies.AdminAdmin);
        group.MapGet("", (HttpContext http, AdminPages pages, ProbeService probes, LocationResults locations) => PageAsync(http, pages, probes, locations, null, null));
        group.MapPost("", async (HttpContext http, AdminPages pages, ProbeService probes, LocationResults locations) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            var name = form["name"].ToString().Trim();
            var location = form["location"].ToString().Trim();
            if (!LocationNames.IsWellFormed(name) || !LocationNames.IsWellFormed(location))
            {
                await PageAsync(http, pages, probes, locations, null, "Name and location may hold only letters, digits, '-', '_' and '.'.", 400).ConfigureAwait(false);
                return;
            }

            var added = await probes.AddAsync(name, location, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            await (added is { } a
                ? PageAsync(http, pages, probes, locations, a.Token, null)
                : PageAsync(http, pages, probes, locations, null, $"A probe named {name} exists; revoke it first.", 409)).ConfigureAwait(false);
        });
        group.MapPost("/{name}/revoke", async (HttpContext http, ProbeService probes, string name) =>
            AdminPages.SeeOther("/admin/probes", await probes.RevokeAsync(name, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false)
                ? "Probe revoked." : "That probe was already revoked."));
    }

    private static async Task PageAsync(HttpContext http, AdminPages pages, ProbeService probes, LocationResults locations, string? token, string? error, int status = 200) =>
        await pages.RenderAsync<ProbesPage>(http, new()
        {
            ["Probes"] = await probes.ListAsync(http.RequestAborted).ConfigureAwait(false),
            ["Locations"] = locations.Locations(),
            ["NewToken"] = token,
            ["Error"] = error,
        }, status).ConfigureAwait(false);
}
