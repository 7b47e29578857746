using Pharos.Dns.Records;

namespace Pharos.Dns.Update;

/// <summary>A condition the server checks before applying an update (RFC 2136 §2.4), written in the answer section.</summary>
public abstract class Prerequisite
{
    /// <summary>The name the condition is about.</summary>
    public required DnsName Name { get; init; }

    /// <summary>
    /// The answer-section records that state the condition: one for most kinds, one per record for
    /// <see cref="RecordSetEquals"/>, whose RRset is compared whole (§3.2.3).
    /// </summary>
    internal abstract IEnumerable<DnsRecord> ToRecords(DnsClass zoneClass);
}

/// <summary>An RRset of this type exists, whatever its data (RFC 2136 §2.4.1).</summary>
public sealed class RecordSetExists : Prerequisite
{
    /// <summary>The type.</summary>
    public required DnsType Type { get; init; }

    internal override IEnumerable<DnsRecord> ToRecords(DnsClass zoneClass) =>
        [new() { Name = Name, Class = DnsClass.ANY, Ttl = 0, Data = new UnknownRecordData(Type, ReadOnlyMemory<byte>.Empty) }];
}

/// <summary>An RRset exists with exactly these records (RFC 2136 §2.4.2).</summary>
public sealed class RecordSetEquals : Prerequisite
{
    private readonly IReadOnlyList<DnsRecordData> _records = [];

    /// <summary>The complete expected RRset, all of one type; empty is refused, since it would state no condition at all.</summary>
    public required IReadOnlyList<DnsRecordData> Records
    {
        get => _records;
        init
        {
            if (value.Count == 0)
            {
                throw new ArgumentException("a value-dependent prerequisite needs at least one record; use RecordSetDoesNotExist for an absent RRset", nameof(value));
            }

            if (value.Any(d => d.Type != value[0].Type))
            {
                throw new ArgumentException("the records of one RRset share a type", nameof(value));
            }

            _records = value;
        }
    }

    internal override IEnumerable<DnsRecord> ToRecords(DnsClass zoneClass) =>
        Records.Select(d => new DnsRecord { Name = Name, Class = zoneClass, Ttl = 0, Data = d });
}

/// <summary>No RRset of this type exists (RFC 2136 §2.4.3).</summary>
public sealed class RecordSetDoesNotExist : Prerequisite
{
    /// <summary>The type.</summary>
    public required DnsType Type { get; init; }

    internal override IEnumerable<DnsRecord> ToRecords(DnsClass zoneClass) =>
        [new() { Name = Name, Class = DnsClass.NONE, Ttl = 0, Data = new UnknownRecordData(Type, ReadOnlyMemory<byte>.Empty) }];
}

/// <summary>The name owns at least one record (RFC 2136 §2.4.4).</summary>
public sealed class NameIsInUse : Prerequisite
{
    internal override IEnumerable<DnsRecord> ToRecords(DnsClass zoneClass) =>
        [new() { Name = Name, Class = DnsClass.ANY, Ttl = 0, Data = new UnknownRecordData(DnsType.ANY, ReadOnlyMemory<byte>.Empty) }];
}

/// <summary>The name owns no records (RFC 2136 §2.4.5).</summary>
public sealed class NameIsNotInUse : Prerequisite
{
    internal override IEnumerable<DnsRecord> ToRecords(DnsClass zoneClass) =>
        [new() { Name = Name, Class = DnsClass.NONE, Ttl = 0, Data = new UnknownRecordData(DnsType.ANY, ReadOnlyMemory<byte>.Empty) }];
}
