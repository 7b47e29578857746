using System.Net;
using Pharos.Authoritative;
using YamlDotNet.RepresentationModel;

namespace Pharos.Config;

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
        var listen = Endpoints(r, YamlReader.Get(map, "listen"), "dns.listen");
        return new DnsRoleConfig
        {
            Enabled = true,
            Listen = listen.Count > 0 ? listen : new DnsRoleConfig().Listen,
            Notify = Endpoints(r, YamlReader.Get(map, "notify"), "dns.notify"),
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

    private static List<IPEndPoint> Endpoints(YamlReader r, YamlNode? node, string where)
    {
        var list = new List<IPEndPoint>();
        foreach (var n in node is YamlScalarNode ? [node] : r.Sequence(node, where))
        {
            var text = (n as YamlScalarNode)?.Value;
            // Port 0 lets the system pick one (tests); the bound port is then read from the running server.
            if (IPEndPoint.TryParse(text ?? "", out var ep) && text!.Contains(':', StringComparison.Ordinal))
            {
                list.Add(ep);
            }
            else
            {
                r.Error(n, $"{where}: '{text}' must be an address with a port, such as 127.0.0.1:5353");
            }
        }

        return list;
    }
}
