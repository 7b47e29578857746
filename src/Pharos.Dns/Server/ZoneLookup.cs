using Pharos.Dns.Records;
using Pharos.Dns.Zones;

namespace Pharos.Dns.Server;

/// <summary>The sections of an authoritative answer before encoding.</summary>
internal sealed class LookupResult
{
    public DnsRcode Rcode { get; set; }

    public bool Authoritative { get; set; } = true;

    public List<DnsRecord> Answers { get; } = [];

    public List<DnsRecord> Authorities { get; } = [];

    public List<DnsRecord> Additionals { get; } = [];
}

/// <summary>
/// Authoritative lookup (RFC 1034 §4.3.2): delegations with glue, exact matches, in-zone CNAME chains, wildcards
/// (RFC 4592) and negative answers with the SOA in the authority section (RFC 2308 §3). With
/// <c>minimalAny</c> (UDP), ANY gets one RRset (RFC 8482, see <see cref="MinimalAny"/>).
/// </summary>
internal static class ZoneLookup
{
    private const int MaxCnameChain = 8;

    public static LookupResult Resolve(ZoneSnapshot snapshot, DnsQuestion question, bool minimalAny)
    {
        var result = new LookupResult();
        var zone = snapshot.FindZone(question.Name);
        if (zone is null || question.Class is not (DnsClass.IN or DnsClass.ANY))
        {
            result.Rcode = DnsRcode.Refused;
            result.Authoritative = false;
            return result;
        }
        var name = question.Name;
        for (int hop = 0; hop <= MaxCnameChain; hop++)
        {
            var next = ResolveInZone(zone, name, question.Type, minimalAny, result);
            if (next is null)
            {
                return result;
            }

            name = next.Value;
            // A chain that leaves the zone ends here; the resolver follows it (RFC 1034 §4.3.2 step 3a).
            if (!name.IsSubdomainOf(zone.Origin))
            {
                return result;
            }
        }
        return result;
    }

    // Returns the CNAME target to continue with, or null when the answer is complete.
    private static DnsName? ResolveInZone(AuthoritativeZone zone, DnsName name, DnsType type, bool minimalAny, LookupResult result)
    {
        if (FindDelegation(zone, name) is { } cut)
        {
            result.Authoritative = result.Answers.Count > 0;
            result.Authorities.AddRange(cut.ToRecords());
            AddGlue(zone, cut.Data.OfType<NsRecordData>().Select(ns => ns.NameServer), result);
            return null;
        }
        var owner = name;
        if (!zone.Nodes.TryGetValue(name, out var node))
        {
            node = FindWildcard(zone, name);
            if (node is null)
            {
                result.Rcode = DnsRcode.NXDomain;
                AddSoa(zone, result);
                return null;
            }
        }
        if (type == DnsType.ANY && node.Sets.Count > 0)
        {
            if (minimalAny)
            {
                MinimalAny.Answer(owner, node, result);
            }
            else
            {
                foreach (var set in node.Sets)
                {
                    result.Answers.AddRange(set.ToRecords(owner));
                }
            }

            return null;
        }
        var cname = node.Find(DnsType.CNAME);
        if (cname is not null && type != DnsType.CNAME)
        {
            result.Answers.AddRange(cname.ToRecords(owner));
            var target = ((CNameRecordData)cname.Data[0]).Target;
            return target == name || result.Answers.Count > MaxCnameChain ? null : target;
        }
        var match = node.Find(type);
        if (match is null)
        {
            AddSoa(zone, result);
            return null;
        }
        result.Answers.AddRange(match.ToRecords(owner));
        AddGlue(zone, match.Data.Select(AdditionalTarget).OfType<DnsName>(), result);
        return null;
    }

    private static DnsName? AdditionalTarget(DnsRecordData data) => data switch
    {
        MxRecordData mx => mx.Exchange,
        SrvRecordData srv => srv.Target,
        NsRecordData ns => ns.NameServer,
        _ => null,
    };

    // The highest zone cut strictly below the apex on the way down to name (RFC 1034 §4.3.2 step 3b).
    private static RecordSet? FindDelegation(AuthoritativeZone zone, DnsName name)
    {
        int depth = name.LabelCount - zone.Origin.LabelCount;
        if (depth <= 0)
        {
            return null;
        }

        var ancestors = new DnsName[depth];
        var current = name;
        for (int i = depth - 1; i >= 0; i--)
        {
            ancestors[i] = current;
            current = current.Parent();
        }
        foreach (var ancestor in ancestors)
        {
            if (zone.Nodes.TryGetValue(ancestor, out var n) && n.Find(DnsType.NS) is { } ns)
            {
                return ns;
            }
        }

        return null;
    }

    // RFC 4592 §3.3.1: the closest encloser is the longest existing ancestor; "*." + it is the source of synthesis.
    private static ZoneNode? FindWildcard(AuthoritativeZone zone, DnsName name)
    {
        var encloser = name.Parent();
        while (!zone.Nodes.ContainsKey(encloser))
        {
            encloser = encloser.Parent();
        }

        return zone.Nodes.GetValueOrDefault(encloser.Prepend("*"));
    }

    private static void AddSoa(AuthoritativeZone zone, LookupResult result)
    {
        // RFC 2308 §3: the negative TTL is the lesser of the SOA's TTL and its MINIMUM.
        var soa = zone.SoaSet;
        result.Authorities.Add(new DnsRecord { Name = zone.Origin, Ttl = Math.Min(soa.Ttl, zone.Soa.Minimum), Data = zone.Soa });
    }

    private static void AddGlue(AuthoritativeZone zone, IEnumerable<DnsName> targets, LookupResult result)
    {
        foreach (var target in targets)
        {
            if (!target.IsSubdomainOf(zone.Origin) || !zone.Nodes.TryGetValue(target, out var node))
            {
                continue;
            }

            foreach (var type in (ReadOnlySpan<DnsType>)[DnsType.A, DnsType.AAAA])
            {
                if (node.Find(type) is { } set && !result.Additionals.Any(r => r.Name == target && r.Type == type))
                {
                    result.Additionals.AddRange(set.ToRecords());
                }
            }
        }
    }
}
