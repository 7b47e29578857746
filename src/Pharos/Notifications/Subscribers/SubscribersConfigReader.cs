using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Notifications.Subscribers;

/// <summary>Reads `notifications.subscribers:`.</summary>
internal static class SubscribersConfigReader
{
    public static SubscribersConfig Read(YamlReader r, YamlMappingNode? map, string where, HashSet<string> channels)
    {
        if (map is null)
        {
            return new SubscribersConfig();
        }

        r.RejectUnknownKeys(map, where, "enabled", "email_channel");
        var email = r.String(map, "email_channel", where);
        if (email is not null)
        {
            NotificationsConfigReader.CheckChannels(r, YamlReader.Get(map, "email_channel"), where, [email], channels);
        }

        return new SubscribersConfig { Enabled = r.Bool(map, "enabled", where) ?? true, EmailChannel = email };
    }
}
