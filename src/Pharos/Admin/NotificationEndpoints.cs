using System.Globalization;
using Pharos.Accounts;
using Pharos.Admin.Views;
using Pharos.Notifications;
using Pharos.Notifications.Alerts;
using Pharos.Notifications.Channels;
using Pharos.Notifications.Outbox;

namespace Pharos.Admin;

/// <summary>
/// /admin/notifications: the outbox by status, one message with its attempts, dead letters to re-send, the channels
/// and routes, test messages, and alerts to acknowledge. Anyone who can read the admin sees them; acting takes the
/// notifications:write scope (editors and admins).
/// </summary>
internal static class NotificationEndpoints
{
    public const int PageSize = 50;

    public static void Map(RouteGroupBuilder admin)
    {
        var g = admin.MapGroup("/notifications");
        g.MapGet("", ListAsync).RequireAuthorization(AuthPolicies.AdminRead);
        g.MapGet("/messages/{id:long}", MessageAsync).RequireAuthorization(AuthPolicies.AdminRead);

        g.MapPost("/messages/{id:long}/resend", async (HttpContext http, OutboxOperations ops, long id) =>
        {
            var done = await ops.ResendAsync(id, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            return AdminPages.SeeOther($"/admin/notifications/messages/{id}", done ? "Queued again through its first channel." : "Only a dead letter can be re-sent; this message is not one (any more).");
        }).RequireAuthorization(AuthPolicies.AdminNotificationsWrite);

        g.MapPost("/alerts/{noticeId:long}/acknowledge", async (HttpContext http, AlertService alerts, long noticeId) =>
        {
            var done = await alerts.AcknowledgeAsync(noticeId, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            return AdminPages.SeeOther("/admin/notifications", done ? "Alert acknowledged: it will not escalate." : "That alert was already acknowledged or resolved.");
        }).RequireAuthorization(AuthPolicies.AdminNotificationsWrite);

        g.MapPost("/channels/{id}/test", async (HttpContext http, OutboxOperations ops, string id) =>
        {
            var message = await ops.SendTestAsync(id, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            return message is { } m
                ? AdminPages.SeeOther($"/admin/notifications/messages/{m}", $"Test message queued for {id}.")
                : AdminPages.SeeOther("/admin/notifications", $"There is no channel '{id}'.");
        }).RequireAuthorization(AuthPolicies.AdminNotificationsWrite);
    }

    private static async Task ListAsync(HttpContext http, AdminPages pages, IOutboxStore outbox, AlertService alerts, ChannelRegistry channels, NotificationsConfig config)
    {
        var ct = http.RequestAborted;
        var q = http.Request.Query;
        var status = q["status"].ToString() is var s && IsStatus(s) ? s : null;
        long? before = long.TryParse(q["before"], NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : null;
        var rows = await outbox.ListAsync(status, PageSize + 1, before, ct).ConfigureAwait(false);
        var page = rows.Take(PageSize).ToList();
        await pages.RenderAsync<NotificationsPage>(http, new()
        {
            ["Stats"] = await outbox.StatsAsync(ct).ConfigureAwait(false),
            ["Open"] = await alerts.ListAsync(openOnly: true, 50, ct).ConfigureAwait(false),
            ["Recent"] = await alerts.ListAsync(openOnly: false, 20, ct).ConfigureAwait(false),
            ["Entries"] = page,
            ["Titles"] = await TitlesAsync(outbox, page, ct).ConfigureAwait(false),
            ["Status"] = status,
            ["NextBefore"] = rows.Count > PageSize ? page[^1].Id : null,
            ["Paged"] = before is not null,
            ["Channels"] = channels.All.OrderBy(c => c.Id, StringComparer.Ordinal).ToList(),
            ["Routes"] = config.Routes,
            ["Undeliverable"] = config.Undeliverable,
        }).ConfigureAwait(false);
    }

    private static async Task MessageAsync(HttpContext http, AdminPages pages, IOutboxStore outbox, AlertService alerts, long id)
    {
        var ct = http.RequestAborted;
        if (await outbox.GetAsync(id, ct).ConfigureAwait(false) is not { } entry)
        {
            await IncidentEndpoints.NotFound(http, pages).ConfigureAwait(false);
            return;
        }

        await pages.RenderAsync<NotificationMessagePage>(http, new()
        {
            ["Entry"] = entry,
            ["Notice"] = await outbox.GetNoticeAsync(entry.NoticeId, ct).ConfigureAwait(false),
            ["Attempts"] = await outbox.GetAttemptsAsync(id, ct).ConfigureAwait(false),
            ["Alerts"] = await alerts.FindAsync(entry.NoticeId, ct).ConfigureAwait(false),
        }).ConfigureAwait(false);
    }

    /// <summary>The title of each notice on the page, read once per notice (10,000 subscriber rows share one).</summary>
    private static async Task<Dictionary<long, string>> TitlesAsync(IOutboxStore outbox, IEnumerable<OutboxEntry> entries, CancellationToken ct)
    {
        var titles = new Dictionary<long, string>();
        foreach (var id in entries.Select(e => e.NoticeId).Distinct())
        {
            titles[id] = (await outbox.GetNoticeAsync(id, ct).ConfigureAwait(false))?.Title ?? "";
        }

        return titles;
    }

    public static bool IsStatus(string? s) => s is OutboxStatus.Pending or OutboxStatus.Sent or OutboxStatus.Dead or OutboxStatus.Cancelled;
}
