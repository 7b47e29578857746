using System.Collections.Frozen;
using Pharos.Dns.Records;

namespace Pharos.Dns.Zones;

/// <summary>
/// An immutable snapshot of one zone: its origin, SOA and record sets by owner name. Changes produce a new snapshot
/// (<see cref="WithRecordSet"/>, <see cref="ToBuilder"/>), so readers never see a half-applied change.
/// </summary>
public sealed class AuthoritativeZone
{
    private readonly FrozenDictionary<DnsName, ZoneNode> _nodes;

    internal AuthoritativeZone(DnsName origin, FrozenDictionary<DnsName, ZoneNode> nodes)
    {
        Origin = origin;
        _nodes = nodes;
        var soaSet = nodes.TryGetValue(origin, out var apex) ? apex.Find(DnsType.SOA) : null;
        SoaSet = soaSet ?? throw new InvalidOperationException($"zone {origin} has no SOA at its apex");
    }

    /// <summary>The zone's apex name.</summary>
    public DnsName Origin { get; }

    /// <summary>The SOA record set (one record).</summary>
    public RecordSet SoaSet { get; }

    /// <summary>The SOA RDATA.</summary>
    public SoaRecordData Soa => (SoaRecordData)SoaSet.Data[0];

    /// <summary>The zone's version (RFC 1035 §3.3.13).</summary>
    public uint Serial => Soa.Serial;

    internal IReadOnlyDictionary<DnsName, ZoneNode> Nodes => _nodes;

    /// <summary>Builds a zone from records; all must lie within <paramref name="origin"/> and one SOA must sit at it.</summary>
    /// <exception cref="ArgumentException">A record is outside the zone or the SOA is missing.</exception>
    public static AuthoritativeZone FromRecords(DnsName origin, IEnumerable<DnsRecord> records)
    {
        var builder = new ZoneBuilder(origin);
        foreach (var record in records)
        {
            builder.Add(record);
        }

        return builder.Build();
    }

    /// <summary>Parses a master file (see <see cref="ZoneFileParser"/>) into a zone.</summary>
    /// <exception cref="DnsFormatException">The text is malformed.</exception>
    public static AuthoritativeZone FromZoneFile(string text, DnsName origin) => FromRecords(origin, ZoneFileParser.Parse(text, origin));

    /// <summary>The record set of <paramref name="name"/> and <paramref name="type"/>, or null.</summary>
    public RecordSet? Find(DnsName name, DnsType type) => _nodes.TryGetValue(name, out var node) ? node.Find(type) : null;

    /// <summary>Every record, SOA first, in the order a zone transfer sends them (RFC 5936 §2.2).</summary>
    public IEnumerable<DnsRecord> AllRecords()
    {
        foreach (var r in SoaSet.ToRecords())
        {
            yield return r;
        }

        foreach (var node in _nodes.Values)
        {
            foreach (var set in node.Sets)
            {
                if (set.Type != DnsType.SOA)
                {
                    foreach (var r in set.ToRecords())
                    {
                        yield return r;
                    }
                }
            }
        }
    }

    /// <summary>
    /// A copy with the record set of <paramref name="name"/>/<paramref name="type"/> replaced (removed when
    /// <paramref name="data"/> is empty) and the serial raised by one. This is what failover calls.
    /// </summary>
    public AuthoritativeZone WithRecordSet(DnsName name, DnsType type, uint ttl, IEnumerable<DnsRecordData> data)
    {
        var builder = ToBuilder();
        builder.SetRecordSet(name, type, ttl, data);
        builder.RaiseSerial();
        return builder.Build();
    }

    /// <summary>A mutable copy of this zone.</summary>
    public ZoneBuilder ToBuilder()
    {
        var builder = new ZoneBuilder(Origin);
        foreach (var node in _nodes.Values)
        {
            foreach (var set in node.Sets)
            {
                builder.SetRecordSet(set.Name, set.Type, set.Ttl, set.Data);
            }
        }

        return builder;
    }
}

/// <summary>The record sets at one owner name; empty for an empty non-terminal (RFC 4592 §2.2.2).</summary>
internal sealed class ZoneNode
{
    public ZoneNode(DnsName name, IReadOnlyList<RecordSet> sets)
    {
        Name = name;
        Sets = sets;
    }

    public DnsName Name { get; }

    public IReadOnlyList<RecordSet> Sets { get; }

    public RecordSet? Find(DnsType type)
    {
        foreach (var set in Sets)
        {
            if (set.Type == type)
            {
                return set;
            }
        }

        return null;
    }
}
