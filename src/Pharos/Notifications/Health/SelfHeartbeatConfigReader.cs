using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Notifications.Health;

/// <summary>Reads `notifications.heartbeat:`.</summary>
internal static class SelfHeartbeatConfigReader
{
    public static SelfHeartbeatConfig Read(YamlReader r, YamlMappingNode? map, string where)
    {
        if (map is null)
        {
            return new SelfHeartbeatConfig();
        }

        r.RejectUnknownKeys(map, where, "url", "interval");
        var text = r.String(map, "url", where, required: true);
        Uri? url = null;
        if (text is not null && (!Uri.TryCreate(text, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https")))
        {
            r.Error(YamlReader.Get(map, "url"), $"{where}: 'url' must be an absolute http(s) URL, not '{text}'");
            url = null;
        }

        return new SelfHeartbeatConfig
        {
            Url = url,
            Interval = r.Duration(map, "interval", where, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)) ?? TimeSpan.FromMinutes(1),
        };
    }
}
