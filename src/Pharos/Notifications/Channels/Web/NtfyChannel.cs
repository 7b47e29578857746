using System.Net.Http.Headers;
using System.Text;

namespace Pharos.Notifications.Channels.Web;

/// <summary>
/// Publishes to ntfy: POST {server}/{topic} with the text as the body and the Title, Priority, Tags, Click and
/// Actions headers. Header values that are not ASCII go RFC 2047-encoded, which ntfy decodes.
/// </summary>
public sealed class NtfyChannel : HttpChannel
{
    private readonly Uri _url;
    private readonly string? _token;

    public NtfyChannel(NtfyConfig config, ChannelContext context)
        : this(config, context, config.Token?.Read())
    {
    }

    private NtfyChannel(NtfyConfig config, ChannelContext context, string? token)
        : base(config, context, token is null ? [] : [token])
    {
        _url = new Uri(config.Server, config.Topic);
        _token = token;
    }

    /// <summary>ntfy's priorities: 5 urgent for critical, 4 high for warnings, 3 default otherwise (and for recoveries).</summary>
    public static int Priority(Notice n) => n.IsRecovery ? 3 : n.Severity switch
    {
        Severity.Critical => 5,
        Severity.Warning => 4,
        _ => 3,
    };

    protected override HttpRequestMessage Request(OutboundMessage message)
    {
        var n = message.Notice;
        var request = new HttpRequestMessage(HttpMethod.Post, _url)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(MessageText.Clip(MessageText.Body(message), 4000)))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" } },
            },
        };
        request.Headers.TryAddWithoutValidation("Title", HeaderText(MessageText.Title(message)));
        request.Headers.TryAddWithoutValidation("Priority", Priority(n).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var tag = n.IsRecovery ? "white_check_mark" : n.Severity switch
        {
            Severity.Critical => "rotating_light",
            Severity.Warning => "warning",
            _ => "information_source",
        };
        request.Headers.TryAddWithoutValidation("Tags", $"{tag},{HeaderText(n.Kind)}");
        if (n.Url is { } url)
        {
            request.Headers.TryAddWithoutValidation("Click", url);
        }

        if (message.AcknowledgeUrl is { } ack)
        {
            request.Headers.TryAddWithoutValidation("Actions", $"view, Acknowledge, {ack.AbsoluteUri}");
        }

        if (_token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        }

        return request;
    }

    /// <summary>ASCII as is; anything else as an RFC 2047 encoded word (one line either way).</summary>
    public static string HeaderText(string text)
    {
        text = text.Replace('\r', ' ').Replace('\n', ' ');
        return text.All(c => c is >= ' ' and < (char)127) ? text : $"=?UTF-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(text))}?=";
    }
}
