using Pharos.Dns.Records;

namespace Pharos.Dns.Zones;

/// <summary>All records of one owner name and type, sharing one TTL (RFC 2181 §5).</summary>
public sealed class RecordSet
{
    /// <summary>The owner name.</summary>
    public required DnsName Name { get; init; }

    /// <summary>The type of every record in the set.</summary>
    public required DnsType Type { get; init; }

    /// <summary>The set's TTL.</summary>
    public uint Ttl { get; init; }

    /// <summary>The RDATA of each record; never empty in a built zone.</summary>
    public required IReadOnlyList<DnsRecordData> Data { get; init; }

    /// <summary>The set as records owned by <paramref name="owner"/> (the set's name unless synthesised from a wildcard).</summary>
    public IEnumerable<DnsRecord> ToRecords(DnsName? owner = null)
    {
        var name = owner ?? Name;
        return Data.Select(d => new DnsRecord { Name = name, Ttl = Ttl, Data = d });
    }
}
