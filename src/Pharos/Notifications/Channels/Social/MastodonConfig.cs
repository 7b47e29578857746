using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Notifications.Channels.Social;

/// <summary>A Mastodon account that posts statuses, through an access token with the write:statuses scope.</summary>
public sealed record MastodonConfig : ChannelConfig
{
    public const string TypeName = "mastodon";

    public override string Type => TypeName;

    /// <summary>The server's base URL, such as https://mastodon.social.</summary>
    public required Uri Instance { get; init; }

    public required SecretSource AccessToken { get; init; }

    /// <summary>The server's status length limit: 500 on most servers; some allow more.</summary>
    public int MaxCharacters { get; init; } = 500;

    /// <summary>public, unlisted, private or direct.</summary>
    public string Visibility { get; init; } = "public";

    public override INotificationChannel Build(ChannelContext context) => new MastodonChannel(this, context);

    internal static ChannelConfig? Read(YamlReader r, YamlMappingNode map, string where, string id)
    {
        r.RejectUnknownKeys(map, where, ChannelFields.Keys("instance", "access_token_file", "access_token_env", "max_characters", "visibility"));
        var instance = ChannelFields.Url(r, map, where, "instance", required: true);
        var token = r.Secret(map, where, "access_token_file", "access_token_env",
            "mastodon needs an access token with write:statuses: 'access_token_file' naming a readable file or 'access_token_env' naming a set environment variable");
        var visibility = r.String(map, "visibility", where) ?? "public";
        if (visibility is not ("public" or "unlisted" or "private" or "direct"))
        {
            r.Error(YamlReader.Get(map, "visibility"), $"{where}: 'visibility' must be public, unlisted, private or direct, not '{visibility}'");
            return null;
        }

        var max = r.Int(map, "max_characters", where, 100, 100_000) ?? 500;
        return instance is null || token is null ? null
            : new MastodonConfig { Id = id, Instance = ChannelFields.AsBase(instance), AccessToken = token, MaxCharacters = max, Visibility = visibility };
    }
}
