using Pharos.Dns.Records;

namespace Pharos.Dns.Update;

/// <summary>One change to apply (RFC 2136 §2.5), written in the authority section.</summary>
public abstract class UpdateOperation
{
    /// <summary>The owner name changed.</summary>
    public required DnsName Name { get; init; }

    internal abstract DnsRecord ToRecord(DnsClass zoneClass);
}

/// <summary>Adds a record to an RRset (RFC 2136 §2.5.1).</summary>
public sealed class AddRecord : UpdateOperation
{
    /// <summary>The record's TTL.</summary>
    public uint Ttl { get; init; } = 300;

    /// <summary>The record's data.</summary>
    public required DnsRecordData Data { get; init; }

    internal override DnsRecord ToRecord(DnsClass zoneClass) => new() { Name = Name, Class = zoneClass, Ttl = Ttl, Data = Data };
}

/// <summary>Deletes a whole RRset (RFC 2136 §2.5.2).</summary>
public sealed class DeleteRecordSet : UpdateOperation
{
    /// <summary>The type of the RRset.</summary>
    public required DnsType Type { get; init; }

    internal override DnsRecord ToRecord(DnsClass zoneClass) =>
        new() { Name = Name, Class = DnsClass.ANY, Ttl = 0, Data = new UnknownRecordData(Type, ReadOnlyMemory<byte>.Empty) };
}

/// <summary>Deletes every RRset at a name (RFC 2136 §2.5.3).</summary>
public sealed class DeleteAllRecordSets : UpdateOperation
{
    internal override DnsRecord ToRecord(DnsClass zoneClass) =>
        new() { Name = Name, Class = DnsClass.ANY, Ttl = 0, Data = new UnknownRecordData(DnsType.ANY, ReadOnlyMemory<byte>.Empty) };
}

/// <summary>Deletes one record from an RRset (RFC 2136 §2.5.4).</summary>
public sealed class DeleteRecord : UpdateOperation
{
    /// <summary>The exact data to delete.</summary>
    public required DnsRecordData Data { get; init; }

    internal override DnsRecord ToRecord(DnsClass zoneClass) => new() { Name = Name, Class = DnsClass.NONE, Ttl = 0, Data = Data };
}
