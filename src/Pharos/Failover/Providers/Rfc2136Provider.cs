using System.Net;
using Pharos.Dns.Client;
using Pharos.Dns.Tsig;
using Pharos.Dns.Update;

namespace Pharos.Failover.Providers;

/// <summary>
/// TSIG-signed dynamic updates (RFC 2136) to BIND, Knot or PowerDNS. The whole set goes in one UPDATE message,
/// which the server applies all together or not at all (RFC 2136 section 3.4.2), so no rollback is needed.
/// </summary>
public sealed class Rfc2136Provider(IPEndPoint server, TsigKey key, TimeProvider time) : IRecordProvider
{
    private readonly DnsUpdateClient _client = new(time);

    public IReadOnlyList<IPEndPoint> DefaultNameservers { get; } = [server];

    public async Task ApplyAsync(FailoverPolicy policy, RecordTargets targets, CancellationToken ct)
    {
        var ttl = (uint)policy.Ttl.TotalSeconds;
        var operations = new List<UpdateOperation>();
        foreach (var name in policy.Names)
        {
            foreach (var type in policy.Types)
            {
                operations.Add(new DeleteRecordSet { Name = name, Type = type });
                operations.AddRange(RecordData.For(targets, type).Select(d => new AddRecord { Name = name, Ttl = ttl, Data = d }));
            }
        }

        try
        {
            await _client.SendAsync(new DnsUpdateRequest { Zone = policy.Zone, Updates = operations }, server, key, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DnsUpdateException or DnsTsigException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new RecordProviderException($"update of {policy.Zone} on {server} failed: {e.Message}", e);
        }
    }
}

/// <summary>Reads the policy's TSIG key when the controller starts: a key that does not parse stops the start with its source.</summary>
public sealed class Rfc2136ProviderFactory(TimeProvider time) : RecordProviderFactory<Rfc2136ProviderConfig>
{
    protected override IRecordProvider Create(FailoverPolicy policy, Rfc2136ProviderConfig config)
    {
        var keys = TsigKey.ParseBindKeyFile(config.TsigKey.Read());
        return keys.Count > 0
            ? new Rfc2136Provider(config.Server, keys[0], time)
            : throw new RecordProviderException($"failover policy '{policy.Id}': the TSIG key ({config.TsigKey}) holds no key");
    }
}
