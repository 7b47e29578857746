namespace Pharos.Notifications.Channels.Web;

/// <summary>A channel that delivers one HTTP request per message; subtypes say what the request is.</summary>
public abstract class HttpChannel : INotificationChannel
{
    protected HttpChannel(ChannelConfig config, ChannelContext context, params string[] secrets)
    {
        Id = config.Id;
        Type = config.Type;
        Concurrency = config.Concurrency;
        Context = context;
        Delivery = new HttpDelivery(context.Http, context.Time, config.Timeout, secrets);
    }

    public string Id { get; }

    public string Type { get; }

    public int Concurrency { get; }

    protected ChannelContext Context { get; }

    protected HttpDelivery Delivery { get; init; }

    public virtual Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken ct) =>
        Delivery.SendAsync(() => Request(message), ct);

    /// <summary>A fresh request for one attempt (a request message cannot be sent twice).</summary>
    protected abstract HttpRequestMessage Request(OutboundMessage message);

    /// <summary>A secret URL and its path, which is where the secret part lives and what a receiver may echo.</summary>
    protected static string[] UrlSecrets(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.PathAndQuery.Length >= 8 ? [url, u.PathAndQuery] : [url];

    /// <summary>A JSON POST to <paramref name="url"/>.</summary>
    protected static HttpRequestMessage PostJson(Uri url, byte[] json) => new(HttpMethod.Post, url)
    {
        Content = new ByteArrayContent(json) { Headers = { ContentType = new("application/json") { CharSet = "utf-8" } } },
    };
}
