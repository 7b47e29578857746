using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Pharos.Notifications.Channels.Web;

/// <summary>
/// Sends each notice as an Events API v2 event to POST /v2/enqueue: `trigger`, or `resolve` for a recovery, with
/// dedup_key = the notice's subject key so the recovery closes the alert the problem opened (and a repeated trigger
/// joins it rather than paging twice). PagerDuty answers 202 Accepted.
/// </summary>
public sealed class PagerDutyChannel : HttpChannel
{
    /// <summary>PagerDuty's limit on payload.summary.</summary>
    public const int MaxSummary = 1024;

    private readonly PagerDutyConfig _config;
    private readonly string _key;
    private readonly Uri _enqueue;

    public PagerDutyChannel(PagerDutyConfig config, ChannelContext context)
        : this(config, context, config.RoutingKey.Read())
    {
    }

    private PagerDutyChannel(PagerDutyConfig config, ChannelContext context, string key)
        : base(config, context, key)
    {
        _config = config;
        _key = key;
        _enqueue = new Uri(config.ApiBase, "v2/enqueue");
    }

    /// <summary>A burst goes as one event per notice, in order: PagerDuty takes one event per request.</summary>
    public override async Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        DeliveryResult result = DeliveryResult.Ok();
        foreach (var notice in message.All)
        {
            // Resending an event already accepted is harmless: the dedup key folds it into the same alert.
            result = await Delivery.SendAsync(() => PostJson(_enqueue, Encoding.UTF8.GetBytes(Event(notice, message).ToJsonString())), ct).ConfigureAwait(false);
            if (result is not DeliveryResult.Delivered)
            {
                return result;
            }
        }

        return result;
    }

    protected override HttpRequestMessage Request(OutboundMessage message) =>
        PostJson(_enqueue, Encoding.UTF8.GetBytes(Event(message.Notice, message).ToJsonString()));

    public JsonObject Event(Notice n, OutboundMessage m)
    {
        var e = new JsonObject
        {
            ["routing_key"] = _key,
            ["event_action"] = n.IsRecovery ? "resolve" : "trigger",
            ["dedup_key"] = MessageText.Clip(n.SubjectKey, 255),
        };
        if (n.IsRecovery)
        {
            return e;
        }

        var details = new JsonObject { ["kind"] = n.Kind, ["text"] = n.Text };
        foreach (var (k, v) in n.Data.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            details[k] = v;
        }

        e["payload"] = new JsonObject
        {
            ["summary"] = MessageText.Clip(n.Title, MaxSummary),
            ["source"] = _config.Source ?? Context.Site.Site.PublicUrl.Host,
            ["severity"] = n.Severity.Name(),
            ["timestamp"] = n.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["component"] = n.SubjectId,
            ["class"] = n.Kind,
            ["custom_details"] = details,
        };
        e["client"] = "Pharos";
        e["client_url"] = Context.Site.Site.PublicUrl.AbsoluteUri;
        var links = new JsonArray();
        if (n.Url is { } url)
        {
            links.Add(new JsonObject { ["href"] = url, ["text"] = "Details" });
        }

        if (m.AcknowledgeUrl is { } ack && n == m.Notice)
        {
            links.Add(new JsonObject { ["href"] = ack.AbsoluteUri, ["text"] = "Acknowledge in Pharos" });
        }

        e["links"] = links;
        return e;
    }
}
