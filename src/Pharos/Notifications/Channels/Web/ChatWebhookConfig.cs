using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Notifications.Channels.Web;

/// <summary>
/// The chat services' incoming webhooks (Slack, Mattermost, Discord, Microsoft Teams): the URL alone is the credential,
/// so it comes from a file or the environment like any secret; each type renders the message its own way.
/// </summary>
public sealed record ChatWebhookConfig : ChannelConfig
{
    public const string Slack = "slack";
    public const string Mattermost = "mattermost";
    public const string Discord = "discord";
    public const string Teams = "teams";

    public override string Type => Kind;

    /// <summary>Which service: slack, mattermost, discord or teams.</summary>
    public string Kind { get; init; } = Slack;

    public required SecretSource Url { get; init; }

    public override INotificationChannel Build(ChannelContext context) => Kind switch
    {
        Discord => new DiscordChannel(this, context),
        Teams => new TeamsChannel(this, context),
        Mattermost => new MattermostChannel(this, context),
        _ => new SlackChannel(this, context),
    };

    internal static ChannelTypes.Reader ReaderFor(string type) => (r, map, where, id) => Read(r, map, where, id, type);

    private static ChatWebhookConfig? Read(YamlReader r, YamlMappingNode map, string where, string id, string type)
    {
        r.RejectUnknownKeys(map, where, ChannelFields.Keys("url", "url_file", "url_env"));
        if (YamlReader.Get(map, "url") is { } plain)
        {
            r.Error(plain, $"{where}: a {type} webhook URL is a secret: give it through 'url_file' or 'url_env', not 'url'");
            return null;
        }

        var url = ChannelFields.SecretUrl(r, map, where, "url_file", "url_env", type);
        return url is null ? null : new ChatWebhookConfig { Id = id, Kind = type, Url = url };
    }
}

/// <summary>How chat channels colour and label a notice.</summary>
internal static class ChatStyle
{
    public static int Color(Notice n) => n.IsRecovery ? 0x2EB67D : n.Severity switch
    {
        Severity.Critical => 0xE01E5A,
        Severity.Warning => 0xECB22E,
        _ => 0x36C5F0,
    };

    /// <summary>"critical · 2026-11-26 08:45 PST (16:45 UTC)".</summary>
    public static string Footer(Notice n, ChannelContext context) =>
        $"{(n.IsRecovery ? "recovered" : n.Severity.Name())} · {MessageText.When(n.At, context.Site.Site.TimeZone)}";
}
