using Pharos.Dns;
using Pharos.Dns.Records;
using Pharos.Dns.Zones;
using Pharos.Authoritative;

namespace Pharos.Failover.Providers;

/// <summary>
/// Builds the built-in server's zones at start: from each builtin policy's zone file (or a minimal zone), with the
/// records of the side that was live before the restart, and a serial never lower than the one last served.
/// </summary>
public sealed class BuiltinZones(FailoverConfig failover, DnsRoleConfig dns, IFailoverStore store, IZoneSerialStore serials, BuiltinSides sides) : IZoneSource
{
    public async Task LoadAsync(ZoneStore zones, CancellationToken ct)
    {
        foreach (var group in Groups())
        {
            var origin = group.Key;
            var wanted = new Dictionary<string, FailoverSide>(StringComparer.Ordinal);
            foreach (var policy in group)
            {
                var state = await store.LoadStateAsync(policy.Id, ct).ConfigureAwait(false);
                wanted[policy.Id] = state?.LiveSide ?? FailoverSide.Primary;
            }

            var persisted = await serials.GetAsync(origin.ToString(), ct).ConfigureAwait(false) ?? 0;
            var zone = await BuildAsync(origin, wanted, persisted, ct).ConfigureAwait(false);
            zones.AddOrReplace(zone);
            await serials.SetAsync(origin.ToString(), zone.Serial, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The builtin policies grouped by the zone they live in.</summary>
    public IEnumerable<IGrouping<DnsName, FailoverPolicy>> Groups() =>
        failover.Policies.Where(p => p.Provider is BuiltinProviderConfig).GroupBy(p => p.Zone);

    /// <summary>
    /// The zone with each policy's records on the given side, at a serial no lower than <paramref name="minSerial"/>;
    /// records what it built in <see cref="BuiltinSides"/>.
    /// </summary>
    public async Task<AuthoritativeZone> BuildAsync(DnsName origin, IReadOnlyDictionary<string, FailoverSide> wanted, uint minSerial, CancellationToken ct)
    {
        var group = failover.Policies.Where(p => p.Provider is BuiltinProviderConfig && p.Zone == origin).ToList();
        var file = group.Select(p => p.Provider).OfType<BuiltinProviderConfig>().Select(c => c.ZoneFile).FirstOrDefault(f => f is not null);
        var text = file is null ? MinimalZone(origin, dns) : await File.ReadAllTextAsync(Path.Combine(failover.BaseDirectory, file), ct).ConfigureAwait(false);
        var builder = AuthoritativeZone.FromZoneFile(text, origin).ToBuilder();
        foreach (var policy in group)
        {
            var side = wanted.TryGetValue(policy.Id, out var s) ? s : FailoverSide.Primary;
            RecordData.WriteTo(builder, policy, policy.TargetsFor(side));
            sides.Set(origin.ToString(), policy.Id, side);
        }

        var soaSet = builder.Find(origin, DnsType.SOA) ?? throw new InvalidOperationException($"zone {origin} has no SOA");
        var soa = (SoaRecordData)soaSet.Data[0];
        // Serial arithmetic (RFC 1982) is not needed here: a zone file serial only ever moves forward in practice.
        builder.SetRecordSet(origin, DnsType.SOA, soaSet.Ttl, [soa.WithSerial(Math.Max(soa.Serial, minSerial))]);
        return builder.Build();
    }

    /// <summary>A zone with just SOA and NS, for policies that do not name a zone file.</summary>
    public static string MinimalZone(DnsName origin, DnsRoleConfig dns)
    {
        var address = dns.Listen.FirstOrDefault()?.Address ?? System.Net.IPAddress.Loopback;
        var type = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "AAAA" : "A";
        return $"""
            $ORIGIN {origin}
            $TTL 300
            @    IN SOA ns1 hostmaster 1 3600 600 86400 60
            @    IN NS  ns1
            ns1  IN {type} {address}
            """;
    }
}
