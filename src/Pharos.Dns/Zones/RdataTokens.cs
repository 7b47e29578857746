using System.Globalization;
using System.Text;

namespace Pharos.Dns.Zones;

/// <summary>The RDATA tokens of one zone-file entry, read in order by the record types' Parse methods.</summary>
internal sealed class RdataTokens
{
    private readonly IReadOnlyList<ZoneToken> _tokens;
    private readonly int _line;
    private int _index;

    public RdataTokens(IReadOnlyList<ZoneToken> tokens, int start, DnsName origin, int line)
    {
        _tokens = tokens;
        _index = start;
        Origin = origin;
        _line = line;
    }

    public DnsName Origin { get; }

    public bool HasMore => _index < _tokens.Count;

    public bool PeekIsGeneric => HasMore && !_tokens[_index].Quoted && _tokens[_index].Text == @"\#";

    public string Next()
    {
        if (!HasMore)
        {
            throw Error("missing RDATA field");
        }

        return _tokens[_index++].Text;
    }

    public DnsName NextName()
    {
        string text = Next();
        try { return DnsName.Parse(text, Origin); }
        catch (DnsFormatException e) { throw Error($"bad name '{text}': {e.Reason}"); }
    }

    public ushort NextUInt16()
    {
        string text = Next();
        if (!ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw Error($"'{text}' is not a 16-bit number");
        }

        return value;
    }

    public uint NextUInt32()
    {
        string text = Next();
        if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw Error($"'{text}' is not a 32-bit number");
        }

        return value;
    }

    public uint NextTtl()
    {
        string text = Next();
        return TryParseTtl(text, out var ttl) ? ttl : throw Error($"'{text}' is not a TTL");
    }

    /// <summary>A character-string (RFC 1035 §5.1), quoted or not, with its escapes undone; one char per byte.</summary>
    public string NextCharacterString()
    {
        string text = Next();
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                if (i + 3 < text.Length && char.IsAsciiDigit(text[i + 1]) && char.IsAsciiDigit(text[i + 2]) && char.IsAsciiDigit(text[i + 3]))
                {
                    int value = int.Parse(text.AsSpan(i + 1, 3), CultureInfo.InvariantCulture);
                    if (value > 255)
                    {
                        throw Error("\\DDD escape above 255");
                    }

                    sb.Append((char)value);
                    i += 3;
                }
                else
                {
                    sb.Append(text[++i]);
                }
                continue;
            }
            // Non-Latin-1 text is stored as its UTF-8 bytes, one char per byte.
            if (c > 0xFF)
            {
                foreach (byte b in Encoding.UTF8.GetBytes(c.ToString()))
                {
                    sb.Append((char)b);
                }
            }
            else
            {
                sb.Append(c);
            }
        }
        if (sb.Length > 255)
        {
            throw Error("character-string longer than 255 bytes");
        }

        return sb.ToString();
    }

    public DnsFormatException Error(string reason) => new(_line, $"line {_line}: {reason}");

    /// <summary>Parses a TTL in seconds or with BIND's units (1h30m, 2d, 1w).</summary>
    public static bool TryParseTtl(string text, out uint ttl)
    {
        ttl = 0;
        if (text.Length == 0 || !char.IsAsciiDigit(text[0]))
        {
            return false;
        }

        if (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ttl))
        {
            return true;
        }

        ulong total = 0, number = 0;
        bool digits = false;
        foreach (char c in text)
        {
            if (char.IsAsciiDigit(c)) { number = number * 10 + (ulong)(c - '0'); digits = true; if (number > uint.MaxValue) { return false; } continue; }
            if (!digits)
            {
                return false;
            }

            ulong unit = char.ToLowerInvariant(c) switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86400, 'w' => 604800, _ => 0 };
            if (unit == 0)
            {
                return false;
            }

            total += number * unit;
            number = 0;
            digits = false;
        }
        if (digits)
        {
            total += number;
        }

        if (total > uint.MaxValue)
        {
            return false;
        }

        ttl = (uint)total;
        return true;
    }
}
