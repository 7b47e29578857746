using Pharos.Dns;
using Pharos.Dns.Records;

namespace Pharos.Failover.Providers;

/// <summary>
/// Publishes a policy's record set on one side. A provider applies every name and type of the set together or
/// not at all: where it cannot do that in one transaction, it restores the previous records on a partial failure.
/// </summary>
public interface IRecordProvider
{
    /// <summary>Makes every name of the policy answer <paramref name="targets"/> with the policy's TTL.</summary>
    Task ApplyAsync(FailoverPolicy policy, RecordTargets targets, CancellationToken ct);
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
}
