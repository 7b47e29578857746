using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Pharos.Audit;
using Pharos.Config;

namespace Pharos.Notifications.Alerts;

/// <summary>
/// The signed acknowledge link in alert messages: GET shows the alert and a button, POST acknowledges. Mail scanners
/// open every link in a message, so a GET must never acknowledge. The signature is the permission (no sign-in); the
/// audit log records the acknowledgement as link:ack with the caller's address.
/// </summary>
public static class AcknowledgeLinkEndpoints
{
    public const string Path = "/notifications/ack/{noticeId:long}";

    public static IEndpointRouteBuilder MapAcknowledgeLinks(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, async (HttpContext http, NotificationLinks links, AlertService alerts, SiteCatalog site, long noticeId, string? sig) =>
        {
            if (!Verified(links, noticeId, sig))
            {
                await WriteAsync(http, site, StatusCodes.Status403Forbidden, "Link not valid", "<p>This link is not valid. Use the link from the message exactly as it was sent.</p>").ConfigureAwait(false);
                return;
            }

            var found = await alerts.FindAsync(noticeId, http.RequestAborted).ConfigureAwait(false);
            if (found.Count == 0)
            {
                await WriteAsync(http, site, StatusCodes.Status404NotFound, "No such alert", "<p>There is no alert for this message.</p>").ConfigureAwait(false);
                return;
            }

            var body = new StringBuilder();
            body.Append(CultureInfo.InvariantCulture, $"<p id=\"alert-title\"><strong>{Html(found[0].Title)}</strong></p>");
            if (State(found) is { } closed)
            {
                body.Append(CultureInfo.InvariantCulture, $"<p id=\"state\" role=\"status\">{Html(closed)}</p>");
            }
            else
            {
                body.Append("<p id=\"state\">Nobody has acknowledged this alert yet. Acknowledging it stops its escalation to the next people on call.</p>");
                // The signature goes back in the action: the POST is checked the same way.
                body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/notifications/ack/{noticeId}?sig={Uri.EscapeDataString(sig!)}\"><button type=\"submit\" id=\"acknowledge\">Acknowledge</button></form>");
            }

            await WriteAsync(http, site, StatusCodes.Status200OK, "Acknowledge alert", body.ToString()).ConfigureAwait(false);
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapPost(Path, async (HttpContext http, NotificationLinks links, AlertService alerts, SiteCatalog site, long noticeId, string? sig) =>
        {
            if (!Verified(links, noticeId, sig))
            {
                await WriteAsync(http, site, StatusCodes.Status403Forbidden, "Link not valid", "<p>This link is not valid. Nothing was acknowledged.</p>").ConfigureAwait(false);
                return;
            }

            var actor = Actor.Link("ack", http.Connection.RemoteIpAddress?.ToString());
            if (await alerts.AcknowledgeAsync(noticeId, actor, http.RequestAborted).ConfigureAwait(false))
            {
                await WriteAsync(http, site, StatusCodes.Status200OK, "Alert acknowledged", "<p id=\"state\" role=\"status\">Acknowledged. The alert will not escalate further.</p>").ConfigureAwait(false);
                return;
            }

            var found = await alerts.FindAsync(noticeId, http.RequestAborted).ConfigureAwait(false);
            var (status, text) = found.Count == 0
                ? (StatusCodes.Status404NotFound, "There is no alert for this message.")
                : (StatusCodes.Status409Conflict, State(found) ?? "This alert could not be acknowledged.");
            await WriteAsync(http, site, status, "Nothing to acknowledge", $"<p id=\"state\" role=\"status\">{Html(text)}</p>").ConfigureAwait(false);
        }).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    private static bool Verified(NotificationLinks links, long noticeId, string? sig) =>
        links.Verify("ack", noticeId.ToString(CultureInfo.InvariantCulture), sig);

    /// <summary>Why the alert needs nothing more (acknowledged, resolved), or null while it is open.</summary>
    internal static string? State(IReadOnlyList<AlertView> routes)
    {
        if (routes.FirstOrDefault(a => a.AcknowledgedAt is not null) is { } acked)
        {
            return FormattableString.Invariant($"Already acknowledged by {acked.AcknowledgedBy} at {acked.AcknowledgedAt!.Value.UtcDateTime:yyyy-MM-dd HH:mm} UTC.");
        }

        if (routes.FirstOrDefault(a => a.ResolvedAt is not null) is { } resolved)
        {
            return FormattableString.Invariant($"Already resolved at {resolved.ResolvedAt!.Value.UtcDateTime:yyyy-MM-dd HH:mm} UTC: what it was about has recovered.");
        }

        return null;
    }

    private static string Html(string text) => HtmlEncoder.Default.Encode(text);

    private static Task WriteAsync(HttpContext http, SiteCatalog site, int status, string title, string body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        // The page's address holds the signature: send it nowhere.
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        var html = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>{Html(title)} · {Html(site.Site.Name)}</title></head>
            <body><main><h1>{Html(title)}</h1>
            {body}
            </main></body>
            </html>
            """;
        return http.Response.WriteAsync(html, http.RequestAborted);
    }
}
