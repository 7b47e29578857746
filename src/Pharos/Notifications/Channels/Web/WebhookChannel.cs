using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Pharos.Notifications.Channels.Web;

/// <summary>
/// Posts the message as JSON. Every request carries Idempotency-Key, X-Pharos-Event and X-Pharos-Timestamp; with a
/// secret also X-Pharos-Signature: sha256=hex(HMAC-SHA256(secret, timestamp + "." + body)), so a receiver can check
/// both who sent it and that it is fresh. A subscriber's webhook gets the same request at its own address.
/// </summary>
public sealed class WebhookChannel : HttpChannel
{
    private readonly WebhookConfig _config;
    private readonly byte[]? _secret;

    public WebhookChannel(WebhookConfig config, ChannelContext context)
        : this(config, context, config.Secret?.Read())
    {
    }

    private WebhookChannel(WebhookConfig config, ChannelContext context, string? secret)
        : base(config, context, secret is null ? [] : [secret])
    {
        _config = config;
        _secret = secret is null ? null : Encoding.UTF8.GetBytes(secret);
    }

    /// <summary>The signature header's value for a body sent at a timestamp (unix seconds).</summary>
    public static string Signature(byte[] secret, string timestamp, byte[] body)
    {
        var signed = new byte[timestamp.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(timestamp, signed);
        signed[timestamp.Length] = (byte)'.';
        body.CopyTo(signed, timestamp.Length + 1);
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, signed));
    }

    public override Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken ct) =>
        message.Recipient is { } r && !ChannelFields.IsHttpUrl(r.Address, out _)
            ? Task.FromResult(DeliveryResult.Fail($"subscriber {r.SubscriberId}'s address is not an http(s) URL"))
            : base.SendAsync(message, ct);

    protected override HttpRequestMessage Request(OutboundMessage message)
    {
        var body = _config.Body is { } template ? Encoding.UTF8.GetBytes(template.Render(message)) : MessageJson.Serialize(message);
        var target = message.Recipient is { } r ? new Uri(r.Address) : _config.Url;
        var request = new HttpRequestMessage(_config.Method, target)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") { CharSet = "utf-8" } } },
        };
        foreach (var (name, value) in _config.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var timestamp = Context.Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        request.Headers.Add("Idempotency-Key", message.IdempotencyKey);
        request.Headers.Add("X-Pharos-Event", message.Notice.Kind);
        request.Headers.Add("X-Pharos-Timestamp", timestamp);
        if (_secret is not null)
        {
            request.Headers.Add("X-Pharos-Signature", Signature(_secret, timestamp, body));
        }

        return request;
    }
}
