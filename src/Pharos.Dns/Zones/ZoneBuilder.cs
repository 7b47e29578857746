using System.Collections.Frozen;
using Pharos.Dns.Records;

namespace Pharos.Dns.Zones;

/// <summary>A mutable working copy of a zone; <see cref="Build"/> freezes it into an <see cref="AuthoritativeZone"/>.</summary>
public sealed class ZoneBuilder
{
    private readonly Dictionary<(DnsName Name, DnsType Type), RecordSet> _sets = [];

    /// <summary>Starts an empty zone at <paramref name="origin"/>.</summary>
    public ZoneBuilder(DnsName origin) => Origin = origin;

    /// <summary>The zone's apex.</summary>
    public DnsName Origin { get; }

    /// <summary>Adds one record to its set; a set takes the TTL of its last added record (RFC 2181 §5.2).</summary>
    /// <exception cref="ArgumentException">The record lies outside the zone.</exception>
    public ZoneBuilder Add(DnsRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        CheckInZone(record.Name);
        var key = (record.Name, record.Type);
        var data = _sets.TryGetValue(key, out var existing) ? existing.Data.ToList() : [];
        if (!data.Contains(record.Data))
        {
            data.Add(record.Data);
        }

        _sets[key] = new RecordSet { Name = record.Name, Type = record.Type, Ttl = record.Ttl, Data = data };
        return this;
    }

    /// <summary>Replaces a whole record set; an empty <paramref name="data"/> removes it.</summary>
    public ZoneBuilder SetRecordSet(DnsName name, DnsType type, uint ttl, IEnumerable<DnsRecordData> data)
    {
        CheckInZone(name);
        var list = data.Distinct().ToList();
        if (list.Any(d => d.Type != type))
        {
            throw new ArgumentException($"every RDATA must be of type {type}", nameof(data));
        }

        if (list.Count == 0)
        {
            _sets.Remove((name, type));
        }
        else
        {
            _sets[(name, type)] = new RecordSet { Name = name, Type = type, Ttl = ttl, Data = list };
        }

        return this;
    }

    /// <summary>Removes the record set of <paramref name="name"/> and <paramref name="type"/>, if any.</summary>
    public ZoneBuilder RemoveRecordSet(DnsName name, DnsType type)
    {
        _sets.Remove((name, type));
        return this;
    }

    /// <summary>The current record set, or null.</summary>
    public RecordSet? Find(DnsName name, DnsType type) => _sets.GetValueOrDefault((name, type));

    /// <summary>The current serial.</summary>
    public uint Serial => (Find(Origin, DnsType.SOA)?.Data[0] as SoaRecordData)?.Serial ?? 0;

    /// <summary>Raises the SOA serial by one, in serial-number arithmetic (RFC 1982), skipping 0.</summary>
    /// <exception cref="InvalidOperationException">The zone has no SOA.</exception>
    public ZoneBuilder RaiseSerial()
    {
        var set = Find(Origin, DnsType.SOA) ?? throw new InvalidOperationException($"zone {Origin} has no SOA");
        var soa = (SoaRecordData)set.Data[0];
        uint next = unchecked(soa.Serial + 1);
        if (next == 0)
        {
            next = 1;
        }

        _sets[(Origin, DnsType.SOA)] = new RecordSet { Name = Origin, Type = DnsType.SOA, Ttl = set.Ttl, Data = [soa.WithSerial(next)] };
        return this;
    }

    /// <summary>Freezes the zone, adding empty nodes for empty non-terminals so they answer NODATA, not NXDOMAIN.</summary>
    /// <exception cref="InvalidOperationException">There is no single SOA at the apex, or a CNAME shares its name with other data.</exception>
    public AuthoritativeZone Build()
    {
        var soa = Find(Origin, DnsType.SOA);
        if (soa is null || soa.Data.Count != 1)
        {
            throw new InvalidOperationException($"zone {Origin} needs exactly one SOA at its apex");
        }

        var byName = new Dictionary<DnsName, List<RecordSet>>();
        foreach (var set in _sets.Values)
        {
            if (!byName.TryGetValue(set.Name, out var list))
            {
                byName[set.Name] = list = [];
            }

            list.Add(set);
            // Every ancestor up to the apex exists, even without records (RFC 4592 §2.2.2).
            for (var parent = set.Name; parent != Origin;)
            {
                parent = parent.Parent();
                if (!byName.ContainsKey(parent))
                {
                    byName[parent] = [];
                }
            }
        }
        foreach (var (name, sets) in byName)
        {
            if (sets.Count > 1 && sets.Any(s => s.Type == DnsType.CNAME))
            {
                throw new InvalidOperationException($"{name} has a CNAME and other data (RFC 1034 §3.6.2)");
            }
        }

        var nodes = byName.ToFrozenDictionary(p => p.Key, p => new ZoneNode(p.Key, p.Value.OrderBy(s => (ushort)s.Type).ToArray()));
        return new AuthoritativeZone(Origin, nodes);
    }

    private void CheckInZone(DnsName name)
    {
        if (!name.IsSubdomainOf(Origin))
        {
            throw new ArgumentException($"{name} is outside zone {Origin}", nameof(name));
        }
    }
}
