using System.Net;
using Pharos.Authoritative;
using Pharos.Dns.Zones;

namespace Pharos.Failover.Providers;

/// <summary>
/// The zones of Pharos's own authoritative server: one atomic swap changes every record of the set, raises the
/// SOA serial once, and the server NOTIFYs its secondaries. The published sides are stored with the serial so that
/// the other nodes serve the same zone.
/// </summary>
public sealed class BuiltinProvider(ZoneStore zones, DnsRole dns, BuiltinSides sides, BuiltinZoneStateStore published) : IRecordProvider
{
    public IReadOnlyList<IPEndPoint> DefaultNameservers => dns.LocalEndpoints;

    public async Task ApplyAsync(FailoverPolicy policy, RecordTargets targets, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (zones.Get(policy.Zone) is null)
        {
            throw new RecordProviderException($"the built-in server has no zone {policy.Zone}");
        }

        var zone = policy.Zone.ToString();
        var side = targets == policy.Primary ? FailoverSide.Primary : FailoverSide.Failover;
        if (sides.Get(zone, policy.Id) == side)
        {
            // Already served (a leader that took over mid-move publishes again): the serial stays as it is.
            return;
        }

        var updated = zones.Update(policy.Zone, builder => RecordData.WriteTo(builder, policy, targets));
        sides.Set(zone, policy.Id, side);
        await published.SaveAsync(zone, updated.Serial, sides.Of(zone), ct).ConfigureAwait(false);
    }
}

/// <summary>Registered only when the built-in DNS server runs: a builtin policy without it is refused at start.</summary>
public sealed class BuiltinProviderFactory(ZoneStore zones, DnsRole dns, BuiltinSides sides, BuiltinZoneStateStore published) : RecordProviderFactory<BuiltinProviderConfig>
{
    // One provider serves every builtin policy: the zone store is shared and each swap is atomic on its own.
    private readonly BuiltinProvider _provider = new(zones, dns, sides, published);

    protected override IRecordProvider Create(FailoverPolicy policy, BuiltinProviderConfig config) => _provider;
}
