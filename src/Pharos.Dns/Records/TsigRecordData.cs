using System.Globalization;
using Pharos.Dns.Wire;

namespace Pharos.Dns.Records;

/// <summary>The RDATA of a TSIG record (RFC 8945 §4.2). The algorithm name is never compressed.</summary>
public sealed class TsigRecordData : DnsRecordData
{
    /// <summary>The MAC algorithm, e.g. <c>hmac-sha256.</c>.</summary>
    public required DnsName Algorithm { get; init; }

    /// <summary>Seconds since the Unix epoch when the message was signed (48 bits).</summary>
    public ulong TimeSigned { get; init; }

    /// <summary>Allowed clock difference in seconds.</summary>
    public ushort Fudge { get; init; }

    /// <summary>The message authentication code.</summary>
    public ReadOnlyMemory<byte> Mac { get; init; }

    /// <summary>The message ID before any forwarding changed it.</summary>
    public ushort OriginalId { get; init; }

    /// <summary>The TSIG error (BADSIG, BADKEY, BADTIME, ...).</summary>
    public DnsRcode Error { get; init; }

    /// <summary>Other data: the server's time on BADTIME.</summary>
    public ReadOnlyMemory<byte> OtherData { get; init; }

    /// <inheritdoc/>
    public override DnsType Type => DnsType.TSIG;

    internal static TsigRecordData ReadData(ref DnsReader reader)
    {
        var algorithm = reader.ReadName();
        ulong time = reader.ReadUInt48();
        ushort fudge = reader.ReadUInt16();
        var mac = reader.ReadBytes(reader.ReadUInt16()).ToArray();
        ushort originalId = reader.ReadUInt16();
        var error = (DnsRcode)reader.ReadUInt16();
        var other = reader.ReadBytes(reader.ReadUInt16()).ToArray();
        return new TsigRecordData
        {
            Algorithm = algorithm, TimeSigned = time, Fudge = fudge, Mac = mac, OriginalId = originalId, Error = error, OtherData = other,
        };
    }

    internal override void WriteData(ref DnsWriter writer)
    {
        writer.WriteName(Algorithm, compress: false);
        writer.WriteUInt48(TimeSigned);
        writer.WriteUInt16(Fudge);
        writer.WriteUInt16((ushort)Mac.Length);
        writer.WriteBytes(Mac.Span);
        writer.WriteUInt16(OriginalId);
        writer.WriteUInt16((ushort)Error);
        writer.WriteUInt16((ushort)OtherData.Length);
        writer.WriteBytes(OtherData.Span);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Algorithm} {TimeSigned} {Fudge} {Mac.Length} {Convert.ToBase64String(Mac.Span)} {OriginalId} {Error} {OtherData.Length}");
}
