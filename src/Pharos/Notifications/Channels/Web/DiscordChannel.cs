using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Pharos.Notifications.Channels.Web;

/// <summary>
/// A Discord webhook: `content` (at most 2,000 characters) with up to ten `embeds`, and mentions switched off so a
/// title holding "@everyone" pings nobody. Discord answers 204, or 429 with Retry-After when rate-limited.
/// </summary>
public sealed class DiscordChannel : HttpChannel
{
    public const int MaxContent = 2000;
    private const int MaxEmbeds = 10;
    private readonly Uri _url;

    public DiscordChannel(ChatWebhookConfig config, ChannelContext context)
        : this(config, context, config.Url.Read())
    {
    }

    private DiscordChannel(ChatWebhookConfig config, ChannelContext context, string url)
        : base(config, context, UrlSecrets(url)) => _url = new Uri(url);

    protected override HttpRequestMessage Request(OutboundMessage message) =>
        PostJson(_url, Encoding.UTF8.GetBytes(Payload(message, Context).ToJsonString()));

    public static JsonObject Payload(OutboundMessage m, ChannelContext context)
    {
        var notices = m.All.Take(MaxEmbeds).ToList();
        // All embeds of a message share 6,000 characters; a burst shares them out.
        var describe = notices.Count == 1 ? 4096 : Math.Min(4096, (5000 / notices.Count) - 400);
        var embeds = new JsonArray();
        foreach (var n in notices)
        {
            var embed = new JsonObject
            {
                ["title"] = MessageText.Clip(n.Title, 256),
                ["description"] = MessageText.Clip(n.Text, describe),
                ["color"] = ChatStyle.Color(n),
                ["timestamp"] = n.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["footer"] = new JsonObject { ["text"] = MessageText.Clip(ChatStyle.Footer(n, context), 2048) },
            };
            if (n.Url is { } url)
            {
                embed["url"] = url;
            }

            embeds.Add(embed);
        }

        var content = MessageText.Title(m);
        if (m.AcknowledgeUrl is { } ack)
        {
            content = $"{MessageText.Clip(content, MaxContent - ack.AbsoluteUri.Length - 20)}\nAcknowledge: {ack.AbsoluteUri}";
        }

        return new JsonObject
        {
            ["content"] = MessageText.Clip(content, MaxContent),
            ["embeds"] = embeds,
            ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() },
        };
    }
}
