using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;
using Pharos.Accounts;
using Pharos.Admin.Views;
using Pharos.Audit;
using Pharos.StatusPage;
using Pharos.Storage;

namespace Pharos.Admin;

/// <summary>Admin-only pages: API tokens, the audit log and its CSV export (users are in <see cref="UserEndpoints"/>).</summary>
internal static class ManagementEndpoints
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/tokens", (HttpContext http, AdminPages pages, TokenService tokens) => TokensAsync(http, pages, tokens, null, null))
            .RequireAuthorization(AuthPolicies.AdminAdmin);
        admin.MapPost("/tokens", async (HttpContext http, AdminPages pages, TokenService tokens) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            var scopes = Scopes.Parse(string.Join(' ', form["scope"].ToArray()), out var unknown);
            var name = form["name"].ToString().Trim();
            if (scopes.Count == 0 || unknown.Count > 0 || name.Length is 0 or > 100)
            {
                await TokensAsync(http, pages, tokens, null, "Give the token a name and at least one scope.", 400).ConfigureAwait(false);
                return;
            }

            var (_, secret) = await tokens.CreateAsync(name, scopes, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            await TokensAsync(http, pages, tokens, secret, null).ConfigureAwait(false);
        }).RequireAuthorization(AuthPolicies.AdminAdmin);
        admin.MapPost("/tokens/{id}/revoke", async (HttpContext http, TokenService tokens, string id) =>
        {
            var done = await tokens.RevokeAsync(id, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            return AdminPages.SeeOther("/admin/tokens", done ? "Token revoked." : "That token was already revoked.");
        }).RequireAuthorization(AuthPolicies.AdminAdmin);

        admin.MapGet("/nodes", async (HttpContext http, AdminPages pages, Cluster.NodeDirectory nodes, Cluster.NodeIdentity self, Cluster.NodeConfig node, Monitoring.Division.NodeCheckDivision division) =>
        {
            var list = await nodes.ListAsync(http.RequestAborted).ConfigureAwait(false);
            await pages.RenderAsync<NodesPage>(http, new()
            {
                ["Nodes"] = list, ["Self"] = self.Id, ["Ttl"] = $"{node.LeaseTtl.TotalSeconds:0.#} s", ["Checks"] = division.CountsByMember(),
            }).ConfigureAwait(false);
        }).RequireAuthorization(AuthPolicies.AdminAdmin);
        admin.MapGet("/audit", async (HttpContext http, AdminPages pages, IAuditStore audit) =>
        {
            var query = Query(http);
            var entries = await audit.QueryAsync(query, http.RequestAborted).ConfigureAwait(false);
            await pages.RenderAsync<AuditPage>(http, new() { ["Entries"] = entries, ["Query"] = query, ["QueryString"] = http.Request.QueryString.Value ?? "" }).ConfigureAwait(false);
        }).RequireAuthorization(AuthPolicies.AdminAdmin);
        admin.MapGet("/audit.csv", async (HttpContext http, IAuditStore audit, TimeProvider time) =>
        {
            var entries = await audit.QueryAsync(Query(http) with { Limit = 100_000 }, http.RequestAborted).ConfigureAwait(false);
            var name = string.Create(CultureInfo.InvariantCulture, $"pharos-audit-{time.GetUtcNow():yyyyMMdd-HHmmss}.csv");
            http.Response.Headers.CacheControl = "no-store";
            return Results.File(Encoding.UTF8.GetBytes(AuditCsv.Write(entries)), "text/csv; charset=utf-8", name);
        }).RequireAuthorization(AuthPolicies.AdminAdmin);
    }

    private static AuditQuery Query(HttpContext http)
    {
        var q = http.Request.Query;
        static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        var zone = http.RequestServices.GetRequiredService<StatusSite>().Snapshot!.Times.Zone;
        return new AuditQuery
        {
            Actor = Clean(q["actor"]),
            Action = Clean(q["action"]),
            TargetId = Clean(q["target"]),
            From = DayStart(q["from"], zone, 0),
            To = DayStart(q["to"], zone, 1),
        };
    }

    /// <summary>The start of a day in the display zone (plus some days), for the date filters; null when absent or unreadable.</summary>
    private static DateTimeOffset? DayStart(string? text, DateTimeZone zone, int plusDays)
    {
        var parsed = LocalDatePattern.Iso.Parse(text ?? "");
        return parsed.Success ? zone.AtStartOfDay(parsed.Value.PlusDays(plusDays)).ToDateTimeOffset() : null;
    }

    private static async Task TokensAsync(HttpContext http, AdminPages pages, TokenService tokens, string? secret, string? error, int status = 200) =>
        await pages.RenderAsync<TokensPage>(http, new()
        {
            ["Tokens"] = await tokens.ListAsync(http.RequestAborted).ConfigureAwait(false),
            ["NewSecret"] = secret,
            ["Error"] = error,
        }, status).ConfigureAwait(false);
}
