using Pharos.Config;
using Pharos.Http;
using YamlDotNet.RepresentationModel;

namespace Pharos.Accounts;

/// <summary>Reads the `admin` section (session lifetimes) and the top-level `trusted_proxies` list.</summary>
internal static class AdminConfigReader
{
    public static AdminConfig ReadAdmin(YamlReader r, YamlMappingNode root)
    {
        var map = r.AsMapping(YamlReader.Get(root, "admin"), "admin");
        if (map is null)
        {
            return new AdminConfig();
        }

        r.RejectUnknownKeys(map, "admin", "session_lifetime", "session_idle_timeout");
        var defaults = new AdminConfig();
        var lifetime = r.Duration(map, "session_lifetime", "admin", TimeSpan.FromMinutes(5), TimeSpan.FromDays(30)) ?? defaults.SessionLifetime;
        var idle = r.Duration(map, "session_idle_timeout", "admin", TimeSpan.FromMinutes(5), TimeSpan.FromDays(30));
        if (idle > lifetime)
        {
            r.Error(YamlReader.Get(map, "session_idle_timeout"), "admin: 'session_idle_timeout' must not be longer than 'session_lifetime'");
        }

        return new AdminConfig { SessionLifetime = lifetime, SessionIdleTimeout = idle ?? Min(defaults.SessionIdleTimeout, lifetime) };
    }

    public static TrustedProxies ReadTrustedProxies(YamlReader r, YamlMappingNode root)
    {
        var networks = new List<System.Net.IPNetwork>();
        var index = 0;
        foreach (var item in r.Sequence(YamlReader.Get(root, "trusted_proxies"), "trusted_proxies"))
        {
            index++;
            var text = (item as YamlScalarNode)?.Value;
            if (TrustedProxies.TryParse(text, out var network))
            {
                networks.Add(network);
            }
            else
            {
                r.Error(item, $"trusted_proxies[{index}]: '{text}' is not an IP address or network (such as 10.0.0.5, 10.0.0.0/8 or fd00::/8)");
            }
        }

        return new TrustedProxies { Networks = networks };
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
