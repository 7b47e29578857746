using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Notifications.Channels.Social;

/// <summary>An X (Twitter) account that posts through the v2 create-post endpoint.</summary>
public sealed record XConfig : ChannelConfig
{
    public const string TypeName = "x";

    public static readonly Uri DefaultApiBase = new("https://api.x.com/");

    public override string Type => TypeName;

    public Uri ApiBase { get; init; } = DefaultApiBase;

    /// <summary>An OAuth 2.0 user-context access token with tweet.write (an app-only token cannot post).</summary>
    public required SecretSource BearerToken { get; init; }

    public override INotificationChannel Build(ChannelContext context) => new XChannel(this, context);

    internal static ChannelConfig? Read(YamlReader r, YamlMappingNode map, string where, string id)
    {
        r.RejectUnknownKeys(map, where, ChannelFields.Keys("api_base", "bearer_token_file", "bearer_token_env"));
        var apiBase = ChannelFields.Url(r, map, where, "api_base", required: false, DefaultApiBase);
        var token = r.Secret(map, where, "bearer_token_file", "bearer_token_env",
            "x needs an OAuth 2.0 user-context token with tweet.write: 'bearer_token_file' naming a readable file or 'bearer_token_env' naming a set environment variable");
        return apiBase is null || token is null ? null : new XConfig { Id = id, ApiBase = ChannelFields.AsBase(apiBase), BearerToken = token };
    }
}
