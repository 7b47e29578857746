using System.Net;
using Pharos.Authoritative;
using Pharos.Dns.Zones;

namespace Pharos.Failover.Providers;

/// <summary>
/// The zones of Pharos's own authoritative server: one atomic swap changes every record of the set, raises the
/// SOA serial once, and the server NOTIFYs its secondaries.
/// </summary>
public sealed class BuiltinProvider(ZoneStore zones, DnsRole dns) : IRecordProvider
{
    public IReadOnlyList<IPEndPoint> DefaultNameservers => dns.LocalEndpoints;

    public Task ApplyAsync(FailoverPolicy policy, RecordTargets targets, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (zones.Get(policy.Zone) is null)
        {
            throw new RecordProviderException($"the built-in server has no zone {policy.Zone}");
        }

        zones.Update(policy.Zone, builder => RecordData.WriteTo(builder, policy, targets));
        return Task.CompletedTask;
    }
}

/// <summary>Registered only when the built-in DNS server runs: a builtin policy without it is refused at start.</summary>
public sealed class BuiltinProviderFactory(ZoneStore zones, DnsRole dns) : RecordProviderFactory<BuiltinProviderConfig>
{
    // One provider serves every builtin policy: the zone store is shared and each swap is atomic on its own.
    private readonly BuiltinProvider _provider = new(zones, dns);

    protected override IRecordProvider Create(FailoverPolicy policy, BuiltinProviderConfig config) => _provider;
}
