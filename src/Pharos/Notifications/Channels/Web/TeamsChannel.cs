using System.Text;
using System.Text.Json.Nodes;

namespace Pharos.Notifications.Channels.Web;

/// <summary>
/// Microsoft Teams through an incoming webhook or a Workflows "post to a channel when a webhook request is received"
/// flow: a `message` whose one attachment is an Adaptive Card (application/vnd.microsoft.card.adaptive).
/// </summary>
public sealed class TeamsChannel : HttpChannel
{
    private readonly Uri _url;

    public TeamsChannel(ChatWebhookConfig config, ChannelContext context)
        : this(config, context, config.Url.Read())
    {
    }

    private TeamsChannel(ChatWebhookConfig config, ChannelContext context, string url)
        : base(config, context, UrlSecrets(url)) => _url = new Uri(url);

    protected override HttpRequestMessage Request(OutboundMessage message) =>
        PostJson(_url, Encoding.UTF8.GetBytes(Payload(message, Context).ToJsonString()));

    public static JsonObject Payload(OutboundMessage m, ChannelContext context)
    {
        var body = new JsonArray
        {
            new JsonObject { ["type"] = "TextBlock", ["text"] = MessageText.Title(m), ["size"] = "Large", ["weight"] = "Bolder", ["wrap"] = true },
        };
        foreach (var n in m.All)
        {
            var items = new JsonArray();
            if (m.Grouped.Count > 1)
            {
                items.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = n.Title, ["weight"] = "Bolder", ["wrap"] = true });
            }

            items.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = n.Text, ["wrap"] = true });
            items.Add(new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray(
                    new JsonObject { ["title"] = "Severity", ["value"] = n.IsRecovery ? "recovered" : n.Severity.Name() },
                    new JsonObject { ["title"] = "When", ["value"] = MessageText.When(n.At, context.Site.Site.TimeZone) }),
            });
            body.Add(new JsonObject { ["type"] = "Container", ["items"] = items, ["separator"] = true });
        }

        var actions = new JsonArray();
        if (m.Notice.Url is { } url)
        {
            actions.Add(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open", ["url"] = url });
        }

        if (m.AcknowledgeUrl is { } ack)
        {
            actions.Add(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Acknowledge", ["url"] = ack.AbsoluteUri });
        }

        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = body,
            ["actions"] = actions,
            ["msteams"] = new JsonObject { ["width"] = "Full" },
        };
        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "application/vnd.microsoft.card.adaptive",
                ["contentUrl"] = null,
                ["content"] = card,
            }),
        };
    }
}
