using Pharos.Dns;
using Pharos.Dns.Records;
using Pharos.Dns.Zones;
using Pharos.Authoritative;

namespace Pharos.Failover.Providers;

/// <summary>
/// Builds the built-in server's zones at start: from each builtin policy's zone file (or a minimal zone), with the
/// records of the side that was live before the restart, and a serial never lower than the one last served.
/// </summary>
public sealed class BuiltinZones(FailoverConfig failover, DnsRoleConfig dns, IFailoverStore store, IZoneSerialStore serials) : IZoneSource
{
    public async Task LoadAsync(ZoneStore zones, CancellationToken ct)
    {
        var baseDir = failover.BaseDirectory;
        foreach (var group in failover.Policies.Where(p => p.Provider is BuiltinProviderConfig).GroupBy(p => p.Zone))
        {
            var origin = group.Key;
            var file = group.Select(p => p.Provider).OfType<BuiltinProviderConfig>().Select(c => c.ZoneFile).FirstOrDefault(f => f is not null);
            var text = file is null ? MinimalZone(origin, dns) : await File.ReadAllTextAsync(Path.Combine(baseDir, file), ct).ConfigureAwait(false);
            var builder = AuthoritativeZone.FromZoneFile(text, origin).ToBuilder();
            foreach (var policy in group)
            {
                var state = await store.LoadStateAsync(policy.Id, ct).ConfigureAwait(false);
                RecordData.WriteTo(builder, policy, policy.TargetsFor(state?.LiveSide ?? FailoverSide.Primary));
            }

            var soaSet = builder.Find(origin, DnsType.SOA) ?? throw new InvalidOperationException($"zone {origin} has no SOA");
            var soa = (SoaRecordData)soaSet.Data[0];
            var persisted = await serials.GetAsync(origin.ToString(), ct).ConfigureAwait(false) ?? 0;
            // Serial arithmetic (RFC 1982) is not needed here: a zone file serial only ever moves forward in practice.
            var serial = Math.Max(soa.Serial, persisted);
            builder.SetRecordSet(origin, DnsType.SOA, soaSet.Ttl, [soa.WithSerial(serial)]);
            zones.AddOrReplace(builder.Build());
            await serials.SetAsync(origin.ToString(), serial, ct).ConfigureAwait(false);
        }
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
