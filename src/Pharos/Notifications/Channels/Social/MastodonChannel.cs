using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Pharos.Notifications.Channels.Web;

namespace Pharos.Notifications.Channels.Social;

/// <summary>
/// Posts a status: POST {instance}/api/v1/statuses with a Bearer token and the Idempotency-Key header, which Mastodon
/// documents for exactly this (a retried post with the same key is not posted twice).
/// </summary>
public sealed class MastodonChannel : HttpChannel
{
    private readonly MastodonConfig _config;
    private readonly string _token;
    private readonly Uri _statuses;

    public MastodonChannel(MastodonConfig config, ChannelContext context)
        : this(config, context, config.AccessToken.Read())
    {
    }

    private MastodonChannel(MastodonConfig config, ChannelContext context, string token)
        : base(config, context, token)
    {
        _config = config;
        _token = token;
        _statuses = new Uri(config.Instance, "api/v1/statuses");
    }

    protected override HttpRequestMessage Request(OutboundMessage message)
    {
        var body = new JsonObject
        {
            ["status"] = PostText.Fit(message, _config.MaxCharacters, weighted: false),
            ["visibility"] = _config.Visibility,
            ["language"] = Context.Site.Site.Language,
        };
        var request = PostJson(_statuses, Encoding.UTF8.GetBytes(body.ToJsonString()));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        request.Headers.Add("Idempotency-Key", message.IdempotencyKey);
        return request;
    }
}
