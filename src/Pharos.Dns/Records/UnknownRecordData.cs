using System.Globalization;
using Pharos.Dns.Wire;
using Pharos.Dns.Zones;

namespace Pharos.Dns.Records;

/// <summary>
/// RDATA of a type this library does not model, kept as opaque bytes (RFC 3597). Also stands for the empty RDATA of
/// RFC 2136 prerequisites and deletions.
/// </summary>
public sealed class UnknownRecordData : DnsRecordData
{
    private readonly DnsType _type;

    /// <summary>Creates opaque RDATA of <paramref name="type"/>.</summary>
    public UnknownRecordData(DnsType type, ReadOnlyMemory<byte> data)
    {
        _type = type;
        Data = data;
    }

    /// <summary>The raw RDATA.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <inheritdoc/>
    public override DnsType Type => _type;

    internal static UnknownRecordData ParseGeneric(DnsType type, RdataTokens tokens)
    {
        tokens.Next(); // the \# marker
        int length = (int)tokens.NextUInt32();
        var hex = new System.Text.StringBuilder();
        while (tokens.HasMore)
        {
            hex.Append(tokens.Next());
        }

        byte[] data;
        try { data = Convert.FromHexString(hex.ToString()); }
        catch (FormatException) { throw tokens.Error("bad hex in generic RDATA"); }
        if (data.Length != length)
        {
            throw tokens.Error($"generic RDATA says {length} bytes but has {data.Length}");
        }

        return new UnknownRecordData(type, data);
    }

    internal override void WriteData(ref DnsWriter writer) => writer.WriteBytes(Data.Span);

    /// <inheritdoc/>
    public override string ToString() => Data.Length == 0
        ? @"\# 0"
        : string.Create(CultureInfo.InvariantCulture, $@"\# {Data.Length} {Convert.ToHexString(Data.Span)}");
}
