using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Notifications.Social;

/// <summary>Reads `notifications.social:`.</summary>
internal static class SocialConfigReader
{
    public static SocialConfig Read(YamlReader r, YamlMappingNode? map, string where, HashSet<string> channels)
    {
        if (map is null)
        {
            return new SocialConfig();
        }

        r.RejectUnknownKeys(map, where, "channels");
        var list = r.Strings(map, "channels", where);
        NotificationsConfigReader.CheckChannels(r, YamlReader.Get(map, "channels"), where, list, channels);
        return new SocialConfig { Channels = list };
    }
}
