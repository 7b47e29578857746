using System.Text.Json.Nodes;

namespace Pharos.Notifications.Channels.Web;

/// <summary>
/// A Slack incoming webhook: a JSON body with `text` (the notification's fallback) and Block Kit `blocks` (header,
/// mrkdwn section, context, link buttons). Slack answers 200 "ok".
/// </summary>
public sealed class SlackChannel : HttpChannel
{
    private readonly Uri _url;

    public SlackChannel(ChatWebhookConfig config, ChannelContext context)
        : this(config, context, config.Url.Read())
    {
    }

    private SlackChannel(ChatWebhookConfig config, ChannelContext context, string url)
        : base(config, context, UrlSecrets(url)) => _url = new Uri(url);

    protected override HttpRequestMessage Request(OutboundMessage message) =>
        PostJson(_url, System.Text.Encoding.UTF8.GetBytes(Payload(message, Context).ToJsonString()));

    /// <summary>Slack's mrkdwn needs only &amp;, &lt; and &gt; escaped; anything else is shown as written.</summary>
    public static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    public static JsonObject Payload(OutboundMessage m, ChannelContext context)
    {
        var title = MessageText.Title(m);
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = PlainText(MessageText.Clip(title, 150)) },
        };
        foreach (var n in m.All.Take(20))
        {
            var text = m.Grouped.Count > 1 ? $"*{Escape(n.Title)}*\n{Escape(n.Text)}" : Escape(n.Text);
            blocks.Add(new JsonObject { ["type"] = "section", ["text"] = Mrkdwn(MessageText.Clip(text, 3000)) });
            blocks.Add(new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(Mrkdwn(Escape(ChatStyle.Footer(n, context)))) });
        }

        var buttons = new JsonArray();
        if (m.Notice.Url is { } url)
        {
            buttons.Add(new JsonObject { ["type"] = "button", ["text"] = PlainText("Open"), ["url"] = url });
        }

        if (m.AcknowledgeUrl is { } ack)
        {
            buttons.Add(new JsonObject { ["type"] = "button", ["text"] = PlainText("Acknowledge"), ["url"] = ack.AbsoluteUri, ["style"] = "danger" });
        }

        if (buttons.Count > 0)
        {
            blocks.Add(new JsonObject { ["type"] = "actions", ["elements"] = buttons });
        }

        return new JsonObject { ["text"] = Escape(MessageText.Clip(title, 3000)), ["blocks"] = blocks };
    }

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text };

    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };
}
