using Pharos.Config;
using Pharos.Notifications.Channels.Command;
using Pharos.Notifications.Channels.Email;
using Pharos.Notifications.Channels.Social;
using Pharos.Notifications.Channels.Web;
using YamlDotNet.RepresentationModel;

namespace Pharos.Notifications.Channels;

/// <summary>
/// The channel types pharos.yaml accepts, each with the reader of its fields. A reader gets the mapping, where it is
/// (for messages) and the id already read, checks every field, reports problems and returns null when any was wrong.
/// </summary>
internal static class ChannelTypes
{
    public delegate ChannelConfig? Reader(YamlReader r, YamlMappingNode map, string where, string id);

    /// <summary>The fields every type has besides its own.</summary>
    /// <summary>The longest `timeout:` a channel may set; the relay's own guard sits above it.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);

    public static readonly string[] CommonKeys = ["id", "type", "concurrency", "timeout"];

    public static readonly IReadOnlyDictionary<string, Reader> Readers = new Dictionary<string, Reader>(StringComparer.Ordinal)
    {
        [EmailConfig.TypeName] = EmailConfig.Read,
        [WebhookConfig.TypeName] = WebhookConfig.Read,
        [ChatWebhookConfig.Slack] = ChatWebhookConfig.ReaderFor(ChatWebhookConfig.Slack),
        [ChatWebhookConfig.Mattermost] = ChatWebhookConfig.ReaderFor(ChatWebhookConfig.Mattermost),
        [ChatWebhookConfig.Discord] = ChatWebhookConfig.ReaderFor(ChatWebhookConfig.Discord),
        [ChatWebhookConfig.Teams] = ChatWebhookConfig.ReaderFor(ChatWebhookConfig.Teams),
        [PagerDutyConfig.TypeName] = PagerDutyConfig.Read,
        [NtfyConfig.TypeName] = NtfyConfig.Read,
        [CommandConfig.TypeName] = CommandConfig.Read,
        [MastodonConfig.TypeName] = MastodonConfig.Read,
        [XConfig.TypeName] = XConfig.Read,
    };

    /// <summary>Applies the common fields to what a type's reader built.</summary>
    public static ChannelConfig WithCommon(YamlReader r, YamlMappingNode map, string where, ChannelConfig config) => config with
    {
        Concurrency = r.Int(map, "concurrency", where, 1, 64) ?? config.Concurrency,
        Timeout = r.Duration(map, "timeout", where, TimeSpan.FromMilliseconds(100), MaxTimeout) ?? config.Timeout,
    };
}
