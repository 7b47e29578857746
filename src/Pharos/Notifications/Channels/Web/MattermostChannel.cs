using System.Text;
using System.Text.Json.Nodes;

namespace Pharos.Notifications.Channels.Web;

/// <summary>A Mattermost incoming webhook: one Markdown `text`. Mattermost answers 200 "ok".</summary>
public sealed class MattermostChannel : HttpChannel
{
    private const int MaxText = 16_000;
    private readonly Uri _url;

    public MattermostChannel(ChatWebhookConfig config, ChannelContext context)
        : this(config, context, config.Url.Read())
    {
    }

    private MattermostChannel(ChatWebhookConfig config, ChannelContext context, string url)
        : base(config, context, UrlSecrets(url)) => _url = new Uri(url);

    protected override HttpRequestMessage Request(OutboundMessage message) =>
        PostJson(_url, Encoding.UTF8.GetBytes(new JsonObject { ["text"] = Text(message, Context) }.ToJsonString()));

    /// <summary>Markdown's special characters escaped, so a title cannot turn into a link or a heading.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '(' or ')' or '#' or '<' or '>' or '|' or '~')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    public static string Text(OutboundMessage m, ChannelContext context)
    {
        var sb = new StringBuilder();
        sb.Append("#### ").Append(Escape(MessageText.Title(m))).Append('\n');
        foreach (var n in m.All)
        {
            if (m.Grouped.Count > 1)
            {
                sb.Append("**").Append(Escape(n.Title)).Append("**\n");
            }

            sb.Append(Escape(n.Text)).Append("\n_").Append(Escape(ChatStyle.Footer(n, context))).Append("_\n");
        }

        var links = new List<string>();
        if (m.Notice.Url is { } url)
        {
            links.Add($"[Open]({url})");
        }

        if (m.AcknowledgeUrl is { } ack)
        {
            links.Add($"[Acknowledge]({ack.AbsoluteUri})");
        }

        var tail = links.Count > 0 ? "\n" + string.Join(" · ", links) : "";
        return MessageText.Clip(sb.ToString().TrimEnd(), MaxText - tail.Length) + tail;
    }
}
