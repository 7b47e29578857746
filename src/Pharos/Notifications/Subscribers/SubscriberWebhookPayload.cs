using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pharos.Config;

namespace Pharos.Notifications.Subscribers;

/// <summary>
/// The body of a subscriber webhook, in Statuspage's subscriber-webhook shape so receivers written for Statuspage
/// work unchanged: `meta`, `page`, and either `incident` (incidents and maintenances, as Statuspage sends both) or
/// `component` with `component_update` (a check of the subscriber's hostname going down or up).
/// </summary>
public static class SubscriberWebhookPayload
{
    public static string Build(Notice n, Uri unsubscribe, SiteCatalog site, DateTimeOffset now)
    {
        var body = new JsonObject
        {
            ["meta"] = new JsonObject
            {
                ["unsubscribe"] = unsubscribe.AbsoluteUri,
                ["documentation"] = new Uri(site.Site.PublicUrl, "subscribe").AbsoluteUri,
                ["generated_at"] = Time(now),
            },
            ["page"] = new JsonObject
            {
                ["id"] = site.Site.PageId,
                ["status_indicator"] = Indicator(n),
                ["status_description"] = n.Title,
            },
        };
        if (n.SubjectType is "incident" or "maintenance")
        {
            body["incident"] = Incident(n, site);
        }
        else
        {
            var (oldStatus, newStatus) = n.Kind == EventKinds.CheckUp ? ("major_outage", "operational") : ("operational", "major_outage");
            body["component"] = new JsonObject
            {
                ["id"] = n.SubjectId,
                ["name"] = n.Data.GetValueOrDefault(NoticeData.Name) ?? n.Title,
                ["status"] = newStatus,
                ["hostname"] = n.Data.GetValueOrDefault(SubscriberFanout.HostnameKey),
                ["page_id"] = site.Site.PageId,
                ["description"] = n.Text,
            };
            body["component_update"] = new JsonObject
            {
                ["id"] = $"{n.EventSequence}",
                ["component_id"] = n.SubjectId,
                ["component_type"] = "Component",
                ["old_status"] = oldStatus,
                ["new_status"] = newStatus,
                ["created_at"] = Time(n.At),
            };
        }

        return body.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    /// <summary>The small body of the call that proves a URL wants these messages before it receives any.</summary>
    public static string Verification(string subscriberId, Uri unsubscribe, SiteCatalog site, DateTimeOffset now) => new JsonObject
    {
        ["meta"] = new JsonObject
        {
            ["type"] = "verification",
            ["unsubscribe"] = unsubscribe.AbsoluteUri,
            ["generated_at"] = Time(now),
        },
        ["page"] = new JsonObject { ["id"] = site.Site.PageId, ["name"] = site.Site.Name, ["url"] = site.Site.PublicUrl.AbsoluteUri },
        ["subscriber_id"] = subscriberId,
        ["text"] = $"This URL was subscribed to status updates of {site.Site.Name}. Answer with any 2xx status to accept them.",
    }.ToJsonString();

    private static JsonObject Incident(Notice n, SiteCatalog site)
    {
        var isMaintenance = n.SubjectType == "maintenance";
        var status = n.Data.GetValueOrDefault(NoticeData.Status) ?? "";
        var components = new JsonArray();
        foreach (var id in (n.Data.GetValueOrDefault(NoticeData.Components) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            components.Add(new JsonObject { ["id"] = id, ["name"] = site.FindComponent(id)?.Name ?? id, ["page_id"] = site.Site.PageId });
        }

        var incident = new JsonObject
        {
            ["id"] = n.SubjectId,
            ["name"] = n.Data.GetValueOrDefault(NoticeData.Name) ?? n.Title,
            ["status"] = status,
            ["impact"] = isMaintenance ? "maintenance" : n.Data.GetValueOrDefault("impact") ?? "none",
            ["updated_at"] = Time(n.At),
            ["shortlink"] = n.Url,
            ["page_id"] = site.Site.PageId,
            ["incident_updates"] = new JsonArray(new JsonObject
            {
                ["id"] = $"{n.EventSequence}",
                ["status"] = status,
                ["body"] = n.Text,
                ["incident_id"] = n.SubjectId,
                ["created_at"] = Time(n.At),
                ["updated_at"] = Time(n.At),
                ["display_at"] = Time(n.At),
                // As the API and the feeds say them: a postscript on a resolved incident, and the last correction.
                ["added_later"] = n.Data.GetValueOrDefault(NoticeData.AddedLater) == "true",
                ["edited_at"] = EditedAt(n),
            }),
            ["components"] = components,
        };
        if (isMaintenance)
        {
            incident["scheduled_for"] = n.Data.GetValueOrDefault("scheduled_for");
            incident["scheduled_until"] = n.Data.GetValueOrDefault("scheduled_until");
        }

        if (n.Kind == "incident.postmortem_published")
        {
            incident["postmortem_body"] = n.Text;
            incident["postmortem_published_at"] = Time(n.At);
        }

        return incident;
    }

    private static string Indicator(Notice n) => n.SubjectType switch
    {
        "maintenance" => "maintenance",
        "incident" => n.Data.GetValueOrDefault("impact") ?? "none",
        _ => n.Kind == EventKinds.CheckUp ? "none" : "major",
    };

    private static string? EditedAt(Notice n) =>
        n.Data.TryGetValue(NoticeData.EditedAt, out var raw)
        && DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? Time(at) : null;

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
