using System.Globalization;
using System.Text;
using Pharos.Dns.Wire;
using Pharos.Dns.Zones;

namespace Pharos.Dns.Records;

/// <summary>Certification authority authorization (RFC 8659 §4.1).</summary>
public sealed class CaaRecordData : DnsRecordData
{
    /// <summary>Flags; bit 128 is "issuer critical".</summary>
    public byte Flags { get; init; }

    /// <summary>The property tag, e.g. <c>issue</c>, <c>issuewild</c>, <c>iodef</c>.</summary>
    public required string Tag { get; init; }

    /// <summary>The property value, one char per byte.</summary>
    public required string Value { get; init; }

    /// <inheritdoc/>
    public override DnsType Type => DnsType.CAA;

    internal static CaaRecordData ReadData(ref DnsReader reader, int end)
    {
        byte flags = reader.ReadByte();
        int tagLength = reader.ReadByte();
        if (tagLength == 0 || reader.Position + tagLength > end)
        {
            throw DnsReader.Fail(reader.Position - 1, "bad CAA tag length");
        }

        string tag = Encoding.Latin1.GetString(reader.ReadBytes(tagLength));
        string value = Encoding.Latin1.GetString(reader.ReadBytes(end - reader.Position));
        return new CaaRecordData { Flags = flags, Tag = tag, Value = value };
    }

    internal static CaaRecordData Parse(RdataTokens tokens)
    {
        var flags = tokens.NextUInt16();
        if (flags > 255)
        {
            throw tokens.Error("CAA flags above 255");
        }

        return new CaaRecordData { Flags = (byte)flags, Tag = tokens.Next(), Value = tokens.NextCharacterString() };
    }

    internal override void WriteData(ref DnsWriter writer)
    {
        writer.WriteByte(Flags);
        TxtRecordData.WriteCharacterString(ref writer, Tag);
        foreach (char c in Value)
        {
            writer.WriteByte((byte)c);
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Flags} {Tag} {TxtRecordData.Quote(Value)}");
}
