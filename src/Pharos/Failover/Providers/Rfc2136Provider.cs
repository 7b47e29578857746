using Pharos.Dns.Client;
using Pharos.Dns.Tsig;
using Pharos.Dns.Update;

namespace Pharos.Failover.Providers;

/// <summary>
/// TSIG-signed dynamic updates (RFC 2136) to BIND, Knot or PowerDNS. The whole set goes in one UPDATE message,
/// which the server applies all together or not at all (RFC 2136 section 3.4.2), so no rollback is needed.
/// </summary>
public sealed class Rfc2136Provider(TsigKey key, TimeProvider time) : IRecordProvider
{
    private readonly DnsUpdateClient _client = new(time);

    public async Task ApplyAsync(FailoverPolicy policy, RecordTargets targets, CancellationToken ct)
    {
        var server = policy.Provider.Server ?? throw new RecordProviderException("rfc2136 provider has no server");
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

    /// <summary>Reads the key from a BIND key file or an environment variable holding the same text.</summary>
    public static TsigKey LoadKey(ProviderConfig provider)
    {
        var text = provider.TsigKeyFile is { } file ? File.ReadAllText(file)
            : provider.TsigKeyEnv is { } env ? Environment.GetEnvironmentVariable(env) ?? ""
            : "";
        var keys = TsigKey.ParseBindKeyFile(text);
        return keys.Count > 0 ? keys[0] : throw new RecordProviderException("the TSIG key file holds no key");
    }
}
