using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Notifications.Channels.Web;

/// <summary>A generic webhook: JSON to a URL, signed with HMAC-SHA256 when a secret is set.</summary>
public sealed record WebhookConfig : ChannelConfig
{
    public const string TypeName = "webhook";

    public override string Type => TypeName;

    public required Uri Url { get; init; }

    /// <summary>POST unless set (PUT and PATCH are the others that carry a body).</summary>
    public HttpMethod Method { get; init; } = HttpMethod.Post;

    /// <summary>Extra request headers, such as an Authorization the receiver expects.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The HMAC key; no signature header when null.</summary>
    public SecretSource? Secret { get; init; }

    /// <summary>The body template; the documented default JSON when null.</summary>
    public WebhookTemplate? Body { get; init; }

    public override INotificationChannel Build(ChannelContext context) => new WebhookChannel(this, context);

    private static readonly string[] Reserved = ["content-type", "content-length", "host", "idempotency-key", "x-pharos-event", "x-pharos-timestamp", "x-pharos-signature"];

    internal static ChannelConfig? Read(YamlReader r, YamlMappingNode map, string where, string id)
    {
        r.RejectUnknownKeys(map, where, ChannelFields.Keys("url", "method", "headers", "secret_file", "secret_env", "body"));
        var url = ChannelFields.Url(r, map, where, "url", required: true);
        var methodText = r.String(map, "method", where) ?? "POST";
        HttpMethod? method = methodText.ToUpperInvariant() switch
        {
            "POST" => HttpMethod.Post,
            "PUT" => HttpMethod.Put,
            "PATCH" => HttpMethod.Patch,
            _ => null,
        };
        if (method is null)
        {
            r.Error(YamlReader.Get(map, "method"), $"{where}: 'method' must be POST, PUT or PATCH, not '{methodText}'");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (r.AsMapping(YamlReader.Get(map, "headers"), $"{where}.headers") is { } h)
        {
            foreach (var (k, v) in h.Children)
            {
                var name = (k as YamlScalarNode)?.Value ?? "";
                var value = (v as YamlScalarNode)?.Value;
                if (name.Length == 0 || !name.All(c => c > ' ' && c < 127 && c != ':') || value is null || value.Any(c => c is '\r' or '\n'))
                {
                    r.Error(k, $"{where}.headers: '{name}' must be a header name with a one-line text value");
                }
                else if (Reserved.Contains(name.ToLowerInvariant(), StringComparer.Ordinal))
                {
                    r.Error(k, $"{where}.headers: '{name}' is set by Pharos itself");
                }
                else
                {
                    headers[name] = value;
                }
            }
        }

        SecretSource? secret = null;
        if (YamlReader.Get(map, "secret_file") is not null || YamlReader.Get(map, "secret_env") is not null)
        {
            secret = r.Secret(map, where, "secret_file", "secret_env", "the signing secret is missing: 'secret_file' must name a readable file, 'secret_env' a set environment variable");
        }

        WebhookTemplate? body = null;
        if (r.String(map, "body", where) is { } text)
        {
            body = WebhookTemplate.TryParse(text, out var error);
            if (body is null)
            {
                r.Error(YamlReader.Get(map, "body"), $"{where}: 'body': {error}");
            }
        }

        return url is null || method is null ? null : new WebhookConfig { Id = id, Url = url, Method = method, Headers = headers, Secret = secret, Body = body };
    }
}
