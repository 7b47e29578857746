using System.Globalization;
using Pharos.Dns.Wire;
using Pharos.Dns.Zones;

namespace Pharos.Dns.Records;

/// <summary>A mail exchange (RFC 1035 §3.3.9).</summary>
public sealed class MxRecordData : DnsRecordData
{
    /// <summary>Creates the record.</summary>
    public MxRecordData(ushort preference, DnsName exchange)
    {
        Preference = preference;
        Exchange = exchange;
    }

    /// <summary>Lower is preferred.</summary>
    public ushort Preference { get; }

    /// <summary>The mail host.</summary>
    public DnsName Exchange { get; }

    /// <inheritdoc/>
    public override DnsType Type => DnsType.MX;

    internal static MxRecordData ReadData(ref DnsReader reader) => new(reader.ReadUInt16(), reader.ReadName());

    internal static MxRecordData Parse(RdataTokens tokens) => new(tokens.NextUInt16(), tokens.NextName());

    internal override void WriteData(ref DnsWriter writer)
    {
        writer.WriteUInt16(Preference);
        writer.WriteName(Exchange);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Preference} {Exchange}");
}
