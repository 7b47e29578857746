using System.Globalization;
using System.Text;
using Pharos.Accounts;
using Pharos.Admin.Views;
using Pharos.Notifications.Subscribers;

namespace Pharos.Admin;

/// <summary>
/// /admin/subscribers (admins only: the list is personal data): status subscribers with their counts by state, a
/// search, the CSV export and removal. Removal and export are audited.
/// </summary>
internal static class SubscriberEndpoints
{
    /// <summary>Rows shown on the page; the export has them all.</summary>
    public const int PageRows = 500;

    public static void Map(RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/subscribers").RequireAuthorization(AuthPolicies.AdminAdmin);
        group.MapGet("", async (HttpContext http, AdminPages pages, SubscriberAdmin subscribers) =>
        {
            var (search, state) = Filter(http);
            await pages.RenderAsync<SubscribersPage>(http, new()
            {
                ["Subscribers"] = await subscribers.ListAsync(search, state, PageRows, http.RequestAborted).ConfigureAwait(false),
                ["Counts"] = await subscribers.CountsAsync(http.RequestAborted).ConfigureAwait(false),
                ["Search"] = search ?? "",
                ["State"] = state ?? "",
                ["QueryString"] = http.Request.QueryString.Value ?? "",
            }).ConfigureAwait(false);
        });
        admin.MapGet("/subscribers.csv", async (HttpContext http, SubscriberAdmin subscribers, TimeProvider time) =>
        {
            var (search, state) = Filter(http);
            var csv = await subscribers.ExportAsync(search, state, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            http.Response.Headers.CacheControl = "no-store";
            return Results.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", string.Create(CultureInfo.InvariantCulture, $"pharos-subscribers-{time.GetUtcNow():yyyyMMdd-HHmmss}.csv"));
        }).RequireAuthorization(AuthPolicies.AdminAdmin);
        group.MapPost("/{id}/remove", async (HttpContext http, SubscriberAdmin subscribers, string id) =>
            AdminPages.SeeOther("/admin/subscribers", await subscribers.RemoveAsync(id, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false)
                ? "Subscriber removed." : "That subscriber was already removed."));
    }

    private static (string? Search, string? State) Filter(HttpContext http)
    {
        var q = http.Request.Query;
        var search = q["q"].ToString().Trim();
        var state = q["state"].ToString();
        return (search.Length == 0 ? null : search[..Math.Min(search.Length, 200)], SubscriberStates.All.Contains(state) ? state : null);
    }
}
