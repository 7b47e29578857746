using System.Net;
using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Authoritative;

/// <summary>Reads the `dns` section that configures the built-in authoritative server.</summary>
internal static class DnsRoleConfigReader
{
    public static DnsRoleConfig Read(YamlReader r, YamlMappingNode root, bool builtinPolicies)
    {
        var node = YamlReader.Get(root, "dns");
        var map = r.AsMapping(node, "dns");
        if (map is null)
        {
            return new DnsRoleConfig { Enabled = builtinPolicies };
        }

        r.RejectUnknownKeys(map, "dns", "listen", "notify", "allow_transfer", "workers");
        var listen = r.Endpoints(YamlReader.Get(map, "listen"), "dns.listen", "127.0.0.1:5353");
        return new DnsRoleConfig
        {
            Enabled = true,
            Listen = listen.Count > 0 ? listen : new DnsRoleConfig().Listen,
            Notify = r.Endpoints(YamlReader.Get(map, "notify"), "dns.notify", "127.0.0.1:5353"),
            AllowTransfer = r.Sequence(YamlReader.Get(map, "allow_transfer"), "dns.allow_transfer").Select(n =>
            {
                var text = (n as YamlScalarNode)?.Value;
                if (IPAddress.TryParse(text, out var ip))
                {
                    return ip;
                }

                r.Error(n, $"dns.allow_transfer: '{text}' is not an IP address");
                return null;
            }).OfType<IPAddress>().ToList(),
            Workers = r.Int(map, "workers", "dns", 1, 64) ?? 2,
        };
    }
}
