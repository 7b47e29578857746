using System.Text;
using Pharos.Dns.Wire;
using Pharos.Dns.Zones;

namespace Pharos.Dns.Records;

/// <summary>
/// One or more character-strings (RFC 1035 §3.3.14). Each string is held with one char per byte (Latin-1), so any
/// bytes round-trip unchanged; each must be at most 255 bytes.
/// </summary>
public sealed class TxtRecordData : DnsRecordData
{
    /// <summary>Creates the record from one or more strings.</summary>
    public TxtRecordData(params IReadOnlyList<string> strings)
    {
        ArgumentNullException.ThrowIfNull(strings);
        if (strings.Count == 0)
        {
            throw new ArgumentException("TXT needs at least one string", nameof(strings));
        }

        foreach (var s in strings)
        {
            if (Encoding.Latin1.GetByteCount(s) > 255)
            {
                throw new ArgumentException("a TXT string is at most 255 bytes", nameof(strings));
            }
        }

        Strings = strings;
    }

    /// <summary>The strings, one char per byte.</summary>
    public IReadOnlyList<string> Strings { get; }

    /// <inheritdoc/>
    public override DnsType Type => DnsType.TXT;

    internal static TxtRecordData ReadData(ref DnsReader reader, int end)
    {
        var strings = new List<string>();
        while (reader.Position < end)
        {
            int length = reader.ReadByte();
            if (reader.Position + length > end)
            {
                throw DnsReader.Fail(reader.Position - 1, "TXT string runs past its RDATA");
            }

            strings.Add(Encoding.Latin1.GetString(reader.ReadBytes(length)));
        }
        return new TxtRecordData(strings);
    }

    internal static TxtRecordData Parse(RdataTokens tokens)
    {
        var strings = new List<string>();
        while (tokens.HasMore)
        {
            strings.Add(tokens.NextCharacterString());
        }

        if (strings.Count == 0)
        {
            throw tokens.Error("TXT needs at least one string");
        }

        return new TxtRecordData(strings);
    }

    internal override void WriteData(ref DnsWriter writer)
    {
        foreach (var s in Strings)
        {
            WriteCharacterString(ref writer, s);
        }
    }

    internal static void WriteCharacterString(ref DnsWriter writer, string s)
    {
        writer.WriteByte((byte)s.Length);
        foreach (char c in s)
        {
            writer.WriteByte((byte)c);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join(' ', Strings.Select(Quote));

    internal static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (char c in s)
        {
            if (c is '"' or '\\')
            {
                sb.Append('\\').Append(c);
            }
            else if (c < 0x20 || c >= 0x7f)
            {
                sb.Append('\\').Append(((int)c).ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.Append('"').ToString();
    }
}
