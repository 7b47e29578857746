using System.Net;
using Pharos.Config;
using Pharos.Dns.Server;
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

        r.RejectUnknownKeys(map, "dns", "listen", "notify", "allow_transfer", "workers", "tcp", "rate_limit");
        var listen = r.Endpoints(YamlReader.Get(map, "listen"), "dns.listen", "127.0.0.1:5353");
        var defaults = new DnsRoleConfig();
        var config = new DnsRoleConfig
        {
            Enabled = true,
            Listen = listen.Count > 0 ? listen : defaults.Listen,
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
            RateLimit = ReadRateLimit(r, r.AsMapping(YamlReader.Get(map, "rate_limit"), "dns.rate_limit")),
        };
        return ReadTcp(r, r.AsMapping(YamlReader.Get(map, "tcp"), "dns.tcp"), config);
    }

    private static DnsRoleConfig ReadTcp(YamlReader r, YamlMappingNode? tcp, DnsRoleConfig config)
    {
        if (tcp is null)
        {
            return config;
        }

        const string Where = "dns.tcp";
        r.RejectUnknownKeys(tcp, Where, "max_connections", "max_connections_per_client", "idle_timeout", "write_timeout");
        return config with
        {
            TcpMaxConnections = r.Int(tcp, "max_connections", Where, 1, 1_000_000) ?? config.TcpMaxConnections,
            TcpMaxConnectionsPerClient = r.Int(tcp, "max_connections_per_client", Where, 1, 1_000_000) ?? config.TcpMaxConnectionsPerClient,
            TcpIdleTimeout = r.Duration(tcp, "idle_timeout", Where, TimeSpan.FromMilliseconds(200), TimeSpan.FromHours(1)) ?? config.TcpIdleTimeout,
            TcpWriteTimeout = r.Duration(tcp, "write_timeout", Where, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)) ?? config.TcpWriteTimeout,
        };
    }

    private static ResponseRateLimitOptions ReadRateLimit(YamlReader r, YamlMappingNode? map)
    {
        var defaults = new ResponseRateLimitOptions();
        if (map is null)
        {
            return defaults;
        }

        const string Where = "dns.rate_limit";
        r.RejectUnknownKeys(map, Where, "responses_per_second", "slip", "ipv4_prefix_length", "ipv6_prefix_length", "exempt");
        var exempt = YamlReader.Get(map, "exempt");
        return new ResponseRateLimitOptions
        {
            ResponsesPerSecond = r.Int(map, "responses_per_second", Where, 0, 100_000) ?? defaults.ResponsesPerSecond,
            Slip = r.Int(map, "slip", Where, 0, 10) ?? defaults.Slip,
            Ipv4PrefixLength = r.Int(map, "ipv4_prefix_length", Where, 0, 32) ?? defaults.Ipv4PrefixLength,
            Ipv6PrefixLength = r.Int(map, "ipv6_prefix_length", Where, 0, 128) ?? defaults.Ipv6PrefixLength,
            // Absent: the default (loopback); an empty list: nobody is exempt.
            Exempt = exempt is null ? defaults.Exempt : r.Sequence(exempt, $"{Where}.exempt").Select(n => Network(r, n)).OfType<IPNetwork>().ToList(),
        };
    }

    // "192.0.2.0/24", "2001:db8::/32", or one address ("192.0.2.1" is 192.0.2.1/32).
    private static IPNetwork? Network(YamlReader r, YamlNode node)
    {
        var text = (node as YamlScalarNode)?.Value ?? "";
        if (IPNetwork.TryParse(text, out var network))
        {
            return network;
        }

        if (IPAddress.TryParse(text, out var address))
        {
            return new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        }

        r.Error(node, $"dns.rate_limit.exempt: '{text}' is not a network such as 192.0.2.0/24 or an address");
        return null;
    }
}
