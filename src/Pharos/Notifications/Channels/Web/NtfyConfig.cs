using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Notifications.Channels.Web;

/// <summary>An ntfy topic on ntfy.sh or a self-hosted server; a token when the topic is protected.</summary>
public sealed record NtfyConfig : ChannelConfig
{
    public const string TypeName = "ntfy";

    public static readonly Uri DefaultServer = new("https://ntfy.sh/");

    public override string Type => TypeName;

    public Uri Server { get; init; } = DefaultServer;

    public required string Topic { get; init; }

    /// <summary>An access token sent as Bearer; none for a public topic.</summary>
    public SecretSource? Token { get; init; }

    public override INotificationChannel Build(ChannelContext context) => new NtfyChannel(this, context);

    internal static ChannelConfig? Read(YamlReader r, YamlMappingNode map, string where, string id)
    {
        r.RejectUnknownKeys(map, where, ChannelFields.Keys("server", "topic", "token_file", "token_env"));
        var server = ChannelFields.Url(r, map, where, "server", required: false, DefaultServer);
        var topic = r.String(map, "topic", where, required: true);
        if (topic is not null && (topic.Length > 64 || !topic.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            r.Error(YamlReader.Get(map, "topic"), $"{where}: 'topic' may hold only letters, digits, '-' and '_' (at most 64), not '{topic}'");
            topic = null;
        }

        SecretSource? token = null;
        if (YamlReader.Get(map, "token_file") is not null || YamlReader.Get(map, "token_env") is not null)
        {
            token = r.Secret(map, where, "token_file", "token_env", "the ntfy token is missing: 'token_file' must name a readable file, 'token_env' a set environment variable");
        }

        return server is null || topic is null ? null : new NtfyConfig { Id = id, Server = ChannelFields.AsBase(server), Topic = topic, Token = token };
    }
}
