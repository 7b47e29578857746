using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Notifications.Channels.Web;

/// <summary>PagerDuty's Events API v2: a trigger for a problem, a resolve for its recovery, paired by the dedup key.</summary>
public sealed record PagerDutyConfig : ChannelConfig
{
    public const string TypeName = "pagerduty";

    public static readonly Uri DefaultApiBase = new("https://events.pagerduty.com/");

    public override string Type => TypeName;

    /// <summary>The integration key of an Events API v2 integration on a PagerDuty service.</summary>
    public required SecretSource RoutingKey { get; init; }

    public Uri ApiBase { get; init; } = DefaultApiBase;

    /// <summary>The `source` of every event (the affected system's name); the status page's host when not set.</summary>
    public string? Source { get; init; }

    public override INotificationChannel Build(ChannelContext context) => new PagerDutyChannel(this, context);

    internal static ChannelConfig? Read(YamlReader r, YamlMappingNode map, string where, string id)
    {
        r.RejectUnknownKeys(map, where, ChannelFields.Keys("routing_key_file", "routing_key_env", "api_base", "source"));
        var apiBase = ChannelFields.Url(r, map, where, "api_base", required: false, DefaultApiBase);
        var key = r.Secret(map, where, "routing_key_file", "routing_key_env",
            "pagerduty needs the integration's routing key: 'routing_key_file' naming a readable file or 'routing_key_env' naming a set environment variable");
        return key is null || apiBase is null ? null : new PagerDutyConfig { Id = id, RoutingKey = key, ApiBase = ChannelFields.AsBase(apiBase), Source = r.String(map, "source", where) };
    }
}
