using Pharos.Dns.Wire;
using Pharos.Dns.Zones;

namespace Pharos.Dns.Records;

/// <summary>
/// The RDATA of one resource record. This base owns the framing: it writes the RDLENGTH placeholder, lets the
/// concrete type write its fields and back-patches the length; reading maps type codes to classes in one switch and
/// checks that each type consumed exactly RDLENGTH bytes. Equality compares the canonical wire form (RFC 4034 §6.2).
/// </summary>
public abstract class DnsRecordData : IEquatable<DnsRecordData>
{
    /// <summary>The record type this data belongs to.</summary>
    public abstract DnsType Type { get; }

    internal abstract void WriteData(ref DnsWriter writer);

    /// <summary>The RDATA in zone-file presentation form.</summary>
    public abstract override string ToString();

    internal void Write(ref DnsWriter writer)
    {
        int lengthOffset = writer.Position;
        writer.WriteUInt16(0);
        int start = writer.Position;
        WriteData(ref writer);
        writer.PatchUInt16(lengthOffset, checked((ushort)(writer.Position - start)));
    }

    internal static DnsRecordData Read(DnsType type, ref DnsReader reader, int length)
    {
        int start = reader.Position;
        if (reader.Remaining < length)
        {
            throw DnsReader.Fail(start, "RDATA runs past the end of the message");
        }
        // RFC 2136 §2.4/2.5: prerequisites and deletions carry no RDATA, whatever the type.
        if (length == 0 && type != DnsType.OPT)
        {
            return new UnknownRecordData(type, ReadOnlyMemory<byte>.Empty);
        }

        var end = start + length;
        DnsRecordData data = type switch
        {
            DnsType.A => ARecordData.ReadData(ref reader),
            DnsType.AAAA => AaaaRecordData.ReadData(ref reader),
            DnsType.NS => NsRecordData.ReadData(ref reader),
            DnsType.CNAME => CNameRecordData.ReadData(ref reader),
            DnsType.PTR => PtrRecordData.ReadData(ref reader),
            DnsType.SOA => SoaRecordData.ReadData(ref reader),
            DnsType.MX => MxRecordData.ReadData(ref reader),
            DnsType.TXT => TxtRecordData.ReadData(ref reader, end),
            DnsType.SRV => SrvRecordData.ReadData(ref reader),
            DnsType.CAA => CaaRecordData.ReadData(ref reader, end),
            DnsType.OPT => OptRecordData.ReadData(ref reader, end),
            DnsType.TSIG => TsigRecordData.ReadData(ref reader),
            _ => new UnknownRecordData(type, reader.ReadBytes(length).ToArray()),
        };
        if (reader.Position != end)
        {
            throw DnsReader.Fail(Math.Min(reader.Position, end), $"{type} RDATA length {length} does not match its content");
        }

        return data;
    }

    /// <summary>Parses RDATA of <paramref name="type"/> from zone-file tokens (RFC 1035 §5.1, RFC 3597 §5 for <c>\#</c>).</summary>
    internal static DnsRecordData Parse(DnsType type, RdataTokens tokens)
    {
        if (tokens.PeekIsGeneric)
        {
            return UnknownRecordData.ParseGeneric(type, tokens);
        }

        return type switch
        {
            DnsType.A => ARecordData.Parse(tokens),
            DnsType.AAAA => AaaaRecordData.Parse(tokens),
            DnsType.NS => new NsRecordData(tokens.NextName()),
            DnsType.CNAME => new CNameRecordData(tokens.NextName()),
            DnsType.PTR => new PtrRecordData(tokens.NextName()),
            DnsType.SOA => SoaRecordData.Parse(tokens),
            DnsType.MX => MxRecordData.Parse(tokens),
            DnsType.TXT => TxtRecordData.Parse(tokens),
            DnsType.SRV => SrvRecordData.Parse(tokens),
            DnsType.CAA => CaaRecordData.Parse(tokens),
            _ => throw tokens.Error($"type {type} needs the \\# generic form"),
        };
    }

    /// <summary>The canonical wire form: uncompressed, names lower-cased.</summary>
    internal byte[] ToCanonicalWire()
    {
        Span<byte> buffer = stackalloc byte[ushort.MaxValue];
        var writer = new DnsWriter(buffer) { Canonical = true };
        WriteData(ref writer);
        return writer.Written.ToArray();
    }

    /// <inheritdoc/>
    public bool Equals(DnsRecordData? other) =>
        other is not null && other.Type == Type && ToCanonicalWire().AsSpan().SequenceEqual(other.ToCanonicalWire());

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DnsRecordData);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Type, DnsName.HashIgnoreCase(ToCanonicalWire()));
}
