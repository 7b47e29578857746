using System.Globalization;
using Pharos.Dns.Wire;
using Pharos.Dns.Zones;

namespace Pharos.Dns.Records;

/// <summary>A service location (RFC 2782); its target is never compressed.</summary>
public sealed class SrvRecordData : DnsRecordData
{
    /// <summary>Lower is tried first.</summary>
    public ushort Priority { get; init; }

    /// <summary>Relative weight among equal priorities.</summary>
    public ushort Weight { get; init; }

    /// <summary>The service's port.</summary>
    public ushort Port { get; init; }

    /// <summary>The host offering the service.</summary>
    public required DnsName Target { get; init; }

    /// <inheritdoc/>
    public override DnsType Type => DnsType.SRV;

    internal static SrvRecordData ReadData(ref DnsReader reader) => new()
    {
        Priority = reader.ReadUInt16(), Weight = reader.ReadUInt16(), Port = reader.ReadUInt16(), Target = reader.ReadName(),
    };

    internal static SrvRecordData Parse(RdataTokens tokens) => new()
    {
        Priority = tokens.NextUInt16(), Weight = tokens.NextUInt16(), Port = tokens.NextUInt16(), Target = tokens.NextName(),
    };

    internal override void WriteData(ref DnsWriter writer)
    {
        writer.WriteUInt16(Priority);
        writer.WriteUInt16(Weight);
        writer.WriteUInt16(Port);
        writer.WriteName(Target, compress: false);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Priority} {Weight} {Port} {Target}");
}
