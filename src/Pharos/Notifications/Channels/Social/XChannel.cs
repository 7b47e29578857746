using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Pharos.Notifications.Channels.Web;

namespace Pharos.Notifications.Channels.Social;

/// <summary>
/// Posts with POST /2/tweets {"text"}: at most 280 characters as X counts them, the link kept at the end. X has no
/// idempotency key, but refuses a post identical to a recent one with 403 "duplicate content": after an attempt whose
/// answer was lost, that refusal means the post is already up, so it counts as delivered.
/// </summary>
public sealed class XChannel : HttpChannel
{
    public const int MaxWeight = 280;

    private readonly string _token;
    private readonly Uri _tweets;

    public XChannel(XConfig config, ChannelContext context)
        : this(config, context, config.BearerToken.Read())
    {
    }

    private XChannel(XConfig config, ChannelContext context, string token)
        : base(config, context, token)
    {
        _token = token;
        _tweets = new Uri(config.ApiBase, "2/tweets");
        Delivery = new HttpDelivery(context.Http, context.Time, config.Timeout, [token]) { UseRateLimitReset = true };
    }

    public override Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken ct) =>
        Delivery.SendAsync(() => Request(message), ct, (status, body) =>
            status == HttpStatusCode.Forbidden && body.Contains("duplicate content", StringComparison.OrdinalIgnoreCase)
                ? DeliveryResult.Ok("already posted (X refused a duplicate)")
                : null);

    protected override HttpRequestMessage Request(OutboundMessage message)
    {
        var body = new JsonObject { ["text"] = PostText.Fit(message, MaxWeight, weighted: true) };
        var request = PostJson(_tweets, Encoding.UTF8.GetBytes(body.ToJsonString()));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return request;
    }
}
