using System.Net;
using Pharos.Config;
using Pharos.Dns;
using Pharos.Failover.Parity;
using YamlDotNet.RepresentationModel;

namespace Pharos.Failover;

/// <summary>
/// Reads and validates the `failover` section. Everything that could make a failover unsafe is refused here, at
/// load, with its line: a TTL above the global limit, names outside the zone, identical sides, a CNAME beside
/// other data, a provider without credentials.
/// </summary>
internal static class FailoverConfigReader
{
    public static FailoverConfig Read(YamlReader r, YamlMappingNode root, IReadOnlyCollection<string> componentIds, IReadOnlySet<string>? checkIds = null)
    {
        var node = YamlReader.Get(root, "failover");
        var map = r.AsMapping(node, "failover");
        if (map is null)
        {
            return new FailoverConfig();
        }

        r.RejectUnknownKeys(map, "failover", "max_ttl", "audit_interval", "policies");
        var maxTtl = r.Duration(map, "max_ttl", "failover", TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)) ?? FailoverConfig.DefaultMaxTtl;
        var auditInterval = r.Duration(map, "audit_interval", "failover", TimeSpan.FromSeconds(10), TimeSpan.FromDays(1)) ?? FailoverConfig.DefaultAuditInterval;
        var policies = new List<FailoverPolicy>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in r.Sequence(YamlReader.Get(map, "policies"), "failover.policies"))
        {
            index++;
            var where = $"failover.policies[{index}]";
            if (r.AsMapping(item, where) is { } p && ReadPolicy(r, p, where, maxTtl, componentIds, checkIds) is { } policy)
            {
                if (!ids.Add(policy.Id))
                {
                    r.Error(YamlReader.Get(p, "id"), $"{where}: id '{policy.Id}' is used twice");
                    continue;
                }

                policies.Add(policy);
            }
        }

        return new FailoverConfig { MaxTtl = maxTtl, AuditInterval = auditInterval, Policies = policies };
    }

    private static FailoverPolicy? ReadPolicy(YamlReader r, YamlMappingNode p, string where, TimeSpan maxTtl, IReadOnlyCollection<string> componentIds, IReadOnlySet<string>? checkIds)
    {
        r.RejectUnknownKeys(p, where, "id", "zone", "provider", "records", "ttl", "primary", "failover", "components", "trigger", "failback", "nameservers", "verify_timeout", "standby_checks", "parity");
        var errorsBefore = r.ErrorCount;
        var id = r.String(p, "id", where, required: true);
        if (id is not null && !Domain.Ids.IsWellFormed(id))
        {
            r.Error(YamlReader.Get(p, "id"), $"{where}: id '{id}' may hold only letters, digits, '-' and '_'");
        }

        var zone = Name(r, p, "zone", where, DnsName.Root, required: true) ?? DnsName.Root;
        var names = new List<DnsName>();
        foreach (var n in r.Sequence(YamlReader.Get(p, "records"), $"{where}.records"))
        {
            if (n is not YamlScalarNode { Value: { } text })
            {
                r.Error(n, $"{where}.records: each entry is a name such as '@', 'www' or '*'");
                continue;
            }

            var name = ParseName(r, n, text == "@" ? zone.ToString() : text, zone, $"{where}.records");
            if (name is { } ok)
            {
                if (!ok.IsSubdomainOf(zone))
                {
                    r.Error(n, $"{where}.records: '{ok}' is outside the policy's zone {zone}");
                }

                names.Add(ok);
            }
        }

        if (names.Count == 0)
        {
            r.Error(YamlReader.Get(p, "records") ?? p, $"{where}: 'records' must name at least one record");
        }

        var ttl = r.Duration(p, "ttl", where, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7)) ?? TimeSpan.FromSeconds(60);
        if (ttl > maxTtl)
        {
            r.Error(YamlReader.Get(p, "ttl"), $"{where}: ttl {DurationParser.Format(ttl)} is above failover.max_ttl ({DurationParser.Format(maxTtl)}); a long TTL keeps customers on a dead environment");
        }

        var primary = Targets(r, YamlReader.Get(p, "primary"), $"{where}.primary", zone);
        var failover = Targets(r, YamlReader.Get(p, "failover"), $"{where}.failover", zone);
        if (primary is not null && failover is not null)
        {
            if (primary.ToString() == failover.ToString())
            {
                r.Error(YamlReader.Get(p, "failover"), $"{where}: the failover targets are the same as the primary targets");
            }

            if (primary.Types.Contains(DnsType.CNAME) != failover.Types.Contains(DnsType.CNAME) && (primary.Types.Count() > 1 || failover.Types.Count() > 1))
            {
                r.Error(YamlReader.Get(p, "failover"), $"{where}: a CNAME cannot stand beside other data at the same name");
            }
        }

        var components = new List<string>();
        foreach (var c in r.Sequence(YamlReader.Get(p, "components"), $"{where}.components"))
        {
            var cid = (c as YamlScalarNode)?.Value ?? "";
            if (!componentIds.Contains(cid))
            {
                r.Error(c, $"{where}.components: component '{cid}' is not defined under 'components'");
            }

            components.Add(cid);
        }

        var nameservers = new List<IPEndPoint>();
        foreach (var ns in r.Sequence(YamlReader.Get(p, "nameservers"), $"{where}.nameservers"))
        {
            if (Endpoint(r, ns, $"{where}.nameservers", 53) is { } ep)
            {
                nameservers.Add(ep);
            }
        }

        var provider = FailoverProviderReader.Read(r, YamlReader.Get(p, "provider"), $"{where}.provider");
        var trigger = Trigger(r, YamlReader.Get(p, "trigger"), $"{where}.trigger", checkIds);
        var failback = Failback(r, YamlReader.Get(p, "failback"), $"{where}.failback", trigger?.FailAfter ?? 3);
        var standby = StandbyChecks(r, p, where, checkIds, trigger);
        var verify = r.Duration(p, "verify_timeout", where, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(30)) ?? TimeSpan.FromSeconds(30);
        var parity = ParityConfigReader.Read(r, YamlReader.Get(p, "parity"), $"{where}.parity", names);

        if (r.ErrorCount > errorsBefore || id is null || primary is null || failover is null || provider is null || trigger is null || failback is null)
        {
            return null;
        }

        return new FailoverPolicy
        {
            Id = id,
            Zone = zone,
            Provider = provider,
            Names = names,
            Primary = primary,
            Failover = failover,
            Ttl = ttl,
            Components = components,
            Trigger = trigger,
            Failback = failback,
            Nameservers = nameservers,
            VerifyTimeout = verify,
            StandbyChecks = standby,
            Parity = parity,
        };
    }

    /// <summary>The checks that say the failover side is ready; a check may not judge both sides.</summary>
    private static List<string> StandbyChecks(YamlReader r, YamlMappingNode p, string where, IReadOnlySet<string>? checkIds, TriggerConfig? trigger)
    {
        var standby = new List<string>();
        foreach (var c in r.Sequence(YamlReader.Get(p, "standby_checks"), $"{where}.standby_checks"))
        {
            var id = (c as YamlScalarNode)?.Value ?? "";
            if (checkIds is not null && !checkIds.Contains(id))
            {
                r.Error(c, $"{where}.standby_checks: check '{id}' is not defined under 'checks'");
            }
            else if (trigger?.Checks.Contains(id, StringComparer.Ordinal) == true)
            {
                r.Error(c, $"{where}.standby_checks: check '{id}' is also a trigger check; a standby check must watch the failover side");
            }

            standby.Add(id);
        }

        return standby;
    }

    private static RecordTargets? Targets(YamlReader r, YamlNode? node, string where, DnsName zone)
    {
        if (node is null)
        {
            r.Error(null, $"{where} is required: the record values on that side, e.g. {{ A: [192.0.2.10] }}");
            return null;
        }

        var map = r.AsMapping(node, where);
        if (map is null)
        {
            return null;
        }

        r.RejectUnknownKeys(map, where, "A", "AAAA", "CNAME");
        var a = Addresses(r, YamlReader.Get(map, "A"), $"{where}.A", System.Net.Sockets.AddressFamily.InterNetwork);
        var aaaa = Addresses(r, YamlReader.Get(map, "AAAA"), $"{where}.AAAA", System.Net.Sockets.AddressFamily.InterNetworkV6);
        DnsName? cname = null;
        if (YamlReader.Get(map, "CNAME") is YamlScalarNode { Value: { } target } cn)
        {
            cname = ParseName(r, cn, target, zone, $"{where}.CNAME");
            if (a.Count > 0 || aaaa.Count > 0)
            {
                r.Error(cn, $"{where}: a CNAME cannot stand beside other data (A or AAAA) at the same name");
            }
        }

        var targets = new RecordTargets { A = a, Aaaa = aaaa, CName = cname };
        if (!targets.Types.Any())
        {
            r.Error(node, $"{where}: give at least one of A, AAAA or CNAME");
            return null;
        }

        return targets;
    }

    private static List<IPAddress> Addresses(YamlReader r, YamlNode? node, string where, System.Net.Sockets.AddressFamily family)
    {
        var list = new List<IPAddress>();
        var items = node is YamlScalarNode ? [node] : r.Sequence(node, where);
        foreach (var item in items)
        {
            var text = (item as YamlScalarNode)?.Value;
            if (IPAddress.TryParse(text, out var ip) && ip.AddressFamily == family)
            {
                list.Add(ip);
            }
            else
            {
                r.Error(item, $"{where}: '{text}' is not an {(family == System.Net.Sockets.AddressFamily.InterNetwork ? "IPv4" : "IPv6")} address");
            }
        }

        return list;
    }

    private static TriggerConfig? Trigger(YamlReader r, YamlNode? node, string where, IReadOnlySet<string>? checkIds)
    {
        var map = r.AsMapping(node, where);
        if (map is null)
        {
            r.Error(node, $"{where} is required: which checks decide that the primary is down");
            return null;
        }

        r.RejectUnknownKeys(map, where, "checks", "fail_after", "for", "quorum", "require");
        var checks = new List<string>();
        foreach (var c in r.Sequence(YamlReader.Get(map, "checks"), $"{where}.checks"))
        {
            var id = (c as YamlScalarNode)?.Value ?? "";
            // A trigger naming a check that does not exist would never fire: refused, once checks are configured.
            if (checkIds is not null && !checkIds.Contains(id))
            {
                r.Error(c, $"{where}.checks: check '{id}' is not defined under 'checks'");
            }

            checks.Add(id);
        }

        if (checks.Count == 0)
        {
            r.Error(YamlReader.Get(map, "checks") ?? map, $"{where}: 'checks' must name at least one check");
        }

        var require = r.String(map, "require", where) ?? "all";
        if (require is not ("all" or "any"))
        {
            r.Error(YamlReader.Get(map, "require"), $"{where}: 'require' must be 'all' or 'any'");
        }

        return new TriggerConfig
        {
            Checks = checks,
            FailAfter = r.Int(map, "fail_after", where, 1, 100) ?? 3,
            For = r.Duration(map, "for", where, TimeSpan.Zero, TimeSpan.FromHours(1)),
            Quorum = r.Int(map, "quorum", where, 1, 100) ?? 1,
            RequireAll = require != "any",
        };
    }

    private static FailbackConfig? Failback(YamlReader r, YamlNode? node, string where, int failAfter)
    {
        if (node is null)
        {
            return new FailbackConfig { RecoverAfter = failAfter };
        }

        var map = r.AsMapping(node, where);
        if (map is null)
        {
            return null;
        }

        r.RejectUnknownKeys(map, where, "mode", "hold", "recover_after");
        var mode = r.String(map, "mode", where) ?? "automatic";
        if (mode is not ("automatic" or "manual"))
        {
            r.Error(YamlReader.Get(map, "mode"), $"{where}: 'mode' must be 'automatic' or 'manual'");
        }

        return new FailbackConfig
        {
            Mode = mode == "manual" ? FailbackMode.Manual : FailbackMode.Automatic,
            Hold = r.Duration(map, "hold", where, TimeSpan.Zero, TimeSpan.FromDays(1)) ?? TimeSpan.FromMinutes(5),
            RecoverAfter = r.Int(map, "recover_after", where, 1, 100) ?? failAfter,
        };
    }

    private static DnsName? Name(YamlReader r, YamlMappingNode map, string key, string where, DnsName origin, bool required)
    {
        var node = YamlReader.Get(map, key);
        var text = r.String(map, key, where, required);
        return text is null ? null : ParseName(r, node!, text, origin, $"{where}.{key}");
    }

    /// <summary>
    /// Names ending in a dot are absolute; a name already inside the origin is taken as written (people write
    /// "www.example.com" without the dot); anything else is relative to the origin, as in a zone file.
    /// </summary>
    private static DnsName? ParseName(YamlReader r, YamlNode node, string text, DnsName origin, string where)
    {
        try
        {
            if (text.EndsWith('.'))
            {
                return DnsName.Parse(text);
            }

            var absolute = DnsName.Parse(text + ".");
            return origin.IsRoot || absolute.IsSubdomainOf(origin) ? absolute : DnsName.Parse(text, origin);
        }
        catch (FormatException e)
        {
            r.Error(node, $"{where}: '{text}' is not a valid DNS name ({e.Message})");
            return null;
        }
    }

    internal static IPEndPoint? Endpoint(YamlReader r, YamlNode node, string where, int defaultPort)
    {
        var text = (node as YamlScalarNode)?.Value ?? "";
        if (IPEndPoint.TryParse(text, out var ep) && (text.Contains(':', StringComparison.Ordinal) || ep.Port != 0))
        {
            if (ep.Port == 0)
            {
                ep.Port = defaultPort;
            }

            return ep;
        }

        if (IPAddress.TryParse(text, out var ip))
        {
            return new IPEndPoint(ip, defaultPort);
        }

        r.Error(node, $"{where}: '{text}' must be an IP address with an optional port, such as 127.0.0.1:5353 (names would need a resolver)");
        return null;
    }
}
