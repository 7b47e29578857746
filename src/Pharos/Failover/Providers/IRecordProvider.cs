using System.Net;
using Pharos.Dns;
using Pharos.Dns.Records;
using Pharos.Dns.Zones;

namespace Pharos.Failover.Providers;

/// <summary>
/// Publishes a policy's record set on one side. A provider applies every name and type of the set together or
/// not at all: where it cannot do that in one transaction, it restores the previous records on a partial failure.
/// </summary>
public interface IRecordProvider
{
    /// <summary>Makes every name of the policy answer <paramref name="targets"/> with the policy's TTL.</summary>
    Task ApplyAsync(FailoverPolicy policy, RecordTargets targets, CancellationToken ct);

    /// <summary>
    /// The servers asked after a change when the policy names no nameservers: the built-in server's own sockets, the
    /// RFC 2136 primary; none for a hosted API, whose read-back is the check. Read at each verification, since the
    /// built-in server knows its ports only once it listens.
    /// </summary>
    IReadOnlyList<IPEndPoint> DefaultNameservers { get; }
}

/// <summary>Builds the provider of one policy from the config subtype it handles; one factory per provider type.</summary>
public interface IRecordProviderFactory
{
    /// <summary>The <see cref="ProviderConfig"/> subtype this factory builds from.</summary>
    Type ConfigType { get; }

    IRecordProvider Create(FailoverPolicy policy);
}

/// <summary>The typed half of a factory: the cast from the policy's config happens once, here.</summary>
public abstract class RecordProviderFactory<TConfig> : IRecordProviderFactory
    where TConfig : ProviderConfig
{
    public Type ConfigType => typeof(TConfig);

    public IRecordProvider Create(FailoverPolicy policy) => policy.Provider is TConfig config
        ? Create(policy, config)
        : throw new ArgumentException($"policy '{policy.Id}' uses a {policy.Provider.Kind} provider, not {typeof(TConfig).Name}", nameof(policy));

    protected abstract IRecordProvider Create(FailoverPolicy policy, TConfig config);
}

/// <summary>A provider refused or failed a change; the message says which server and why.</summary>
public sealed class RecordProviderException : Exception
{
    public RecordProviderException() { }

    public RecordProviderException(string message) : base(message) { }

    public RecordProviderException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Builds the record data of one side, shared by the providers.</summary>
public static class RecordData
{
    public static IReadOnlyList<DnsRecordData> For(RecordTargets targets, DnsType type) => type switch
    {
        DnsType.A => targets.A.Select(a => (DnsRecordData)new ARecordData(a)).ToList(),
        DnsType.AAAA => targets.Aaaa.Select(a => (DnsRecordData)new AaaaRecordData(a)).ToList(),
        DnsType.CNAME => targets.CName is { } c ? [new CNameRecordData(c)] : [],
        _ => [],
    };

    /// <summary>Puts a policy's records for one side into a zone being built: a type with no data on that side is removed.</summary>
    public static void WriteTo(ZoneBuilder builder, FailoverPolicy policy, RecordTargets targets)
    {
        var ttl = (uint)policy.Ttl.TotalSeconds;
        foreach (var name in policy.Names)
        {
            foreach (var type in policy.Types)
            {
                var data = For(targets, type);
                if (data.Count == 0)
                {
                    builder.RemoveRecordSet(name, type);
                }
                else
                {
                    builder.SetRecordSet(name, type, ttl, data);
                }
            }
        }
    }
}

/// <summary>What a hosted API says it serves for one name and type: values as written there (no trailing dot).</summary>
public sealed record ReadBackSet(IReadOnlyList<string> Values, uint? Ttl, bool Proxied);

/// <summary>
/// A provider whose own API tells what it serves (Cloudflare): the record audit reads it there as well as from the
/// nameservers, since the API is what an operator changes by hand.
/// </summary>
public interface IRecordReadBack
{
    /// <summary>How the audit names this source on the page and in alerts.</summary>
    string Source { get; }

    Task<ReadBackSet> ReadAsync(Dns.DnsName name, Dns.DnsType type, CancellationToken ct);
}
