using System.Text;

namespace Pharos.Dns;

/// <summary>
/// An absolute domain name (RFC 1035 §3.1), held in its uncompressed wire form. Equality and hashing ignore ASCII case
/// (RFC 4343) while the original case is kept for output. <c>default(DnsName)</c> is the root.
/// </summary>
public readonly struct DnsName : IEquatable<DnsName>
{
    /// <summary>Longest wire form allowed, terminal zero included (RFC 1035 §3.1).</summary>
    public const int MaxWireLength = 255;

    /// <summary>Longest label (RFC 1035 §2.3.4).</summary>
    public const int MaxLabelLength = 63;

    // Uncompressed wire bytes ending in the zero root label; null means the root name.
    private readonly byte[]? _wire;

    internal DnsName(byte[] wire) => _wire = wire.Length == 1 ? null : wire;

    /// <summary>The root name ".".</summary>
    public static DnsName Root => default;

    /// <summary>The wire form, uncompressed, with its terminal zero byte.</summary>
    public ReadOnlySpan<byte> Wire => _wire ?? [0];

    /// <summary>Length of the wire form in bytes.</summary>
    public int WireLength => _wire?.Length ?? 1;

    /// <summary>True for the root name.</summary>
    public bool IsRoot => _wire is null;

    /// <summary>Number of labels, the root label not counted.</summary>
    public int LabelCount
    {
        get
        {
            var wire = Wire;
            int count = 0;
            for (int i = 0; wire[i] != 0; i += wire[i] + 1)
            {
                count++;
            }

            return count;
        }
    }

    /// <summary>True when the first label is "*" (RFC 4592).</summary>
    public bool IsWildcard => _wire is { Length: > 2 } w && w[0] == 1 && w[1] == (byte)'*';

    /// <summary>Parses presentation form (dots, <c>\.</c>, <c>\\</c> and <c>\DDD</c> escapes); the trailing dot is optional.</summary>
    /// <exception cref="DnsFormatException">The text is not a valid name.</exception>
    public static DnsName Parse(string text) => Parse(text, Root);

    /// <summary>Parses presentation form; a name without a trailing dot is made absolute with <paramref name="origin"/>.</summary>
    /// <exception cref="DnsFormatException">The text is not a valid name.</exception>
    public static DnsName Parse(string text, DnsName origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text == "@")
        {
            return origin;
        }

        if (text == ".")
        {
            return Root;
        }

        if (text.Length == 0)
        {
            throw new DnsFormatException(0, "empty name");
        }

        Span<byte> buffer = stackalloc byte[MaxWireLength + 1];
        int length = 0, labelStart = 0;
        buffer[0] = 0;
        length = 1;
        bool absolute = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '.')
            {
                int labelLength = length - labelStart - 1;
                if (labelLength == 0)
                {
                    throw new DnsFormatException(i, "empty label");
                }

                buffer[labelStart] = (byte)labelLength;
                if (i == text.Length - 1) { absolute = true; break; }
                labelStart = length++;
                if (length > MaxWireLength)
                {
                    throw new DnsFormatException(i, "name longer than 255 bytes");
                }

                continue;
            }
            int value = c;
            if (c == '\\')
            {
                if (i + 1 >= text.Length)
                {
                    throw new DnsFormatException(i, "dangling escape");
                }

                if (char.IsAsciiDigit(text[i + 1]))
                {
                    if (i + 3 >= text.Length || !char.IsAsciiDigit(text[i + 2]) || !char.IsAsciiDigit(text[i + 3]))
                    {
                        throw new DnsFormatException(i, "bad \\DDD escape");
                    }

                    value = (text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
                    if (value > 255)
                    {
                        throw new DnsFormatException(i, "\\DDD escape above 255");
                    }

                    i += 3;
                }
                else
                {
                    value = text[++i];
                }
            }
            if (value > 255)
            {
                throw new DnsFormatException(i, "non-ASCII character in name");
            }

            if (length - labelStart - 1 >= MaxLabelLength)
            {
                throw new DnsFormatException(i, "label longer than 63 bytes");
            }

            if (length >= MaxWireLength)
            {
                throw new DnsFormatException(i, "name longer than 255 bytes");
            }

            buffer[length++] = (byte)value;
        }
        if (!absolute)
        {
            int labelLength = length - labelStart - 1;
            buffer[labelStart] = (byte)labelLength;
            var suffix = origin.Wire;
            if (length + suffix.Length > MaxWireLength)
            {
                throw new DnsFormatException(text.Length, "name longer than 255 bytes");
            }

            suffix.CopyTo(buffer[length..]);
            length += suffix.Length;
        }
        else
        {
            buffer[length++] = 0;
        }
        return new DnsName(buffer[..length].ToArray());
    }

    /// <summary>Builds a name from uncompressed wire bytes, validating them.</summary>
    /// <exception cref="DnsFormatException">The bytes are not one well-formed uncompressed name.</exception>
    public static DnsName FromWire(ReadOnlySpan<byte> wire)
    {
        if (wire.Length > MaxWireLength)
        {
            throw new DnsFormatException(MaxWireLength, "name longer than 255 bytes");
        }

        int i = 0;
        while (true)
        {
            if (i >= wire.Length)
            {
                throw new DnsFormatException(i, "name runs past its end");
            }

            int len = wire[i];
            if (len == 0)
            {
                break;
            }

            if (len > MaxLabelLength)
            {
                throw new DnsFormatException(i, "bad label length");
            }

            i += len + 1;
        }
        if (i != wire.Length - 1)
        {
            throw new DnsFormatException(i + 1, "bytes after the root label");
        }

        return new DnsName(wire.ToArray());
    }

    /// <summary>True when this name equals <paramref name="ancestor"/> or lies below it.</summary>
    public bool IsSubdomainOf(DnsName ancestor)
    {
        var mine = Wire;
        var theirs = ancestor.Wire;
        if (theirs.Length > mine.Length)
        {
            return false;
        }
        // Walk our labels until the remaining suffix has the ancestor's length, then compare.
        int i = 0;
        while (mine.Length - i > theirs.Length)
        {
            i += mine[i] + 1;
        }

        return mine.Length - i == theirs.Length && EqualsIgnoreCase(mine[i..], theirs);
    }

    /// <summary>The name without its first label; the root's parent is the root.</summary>
    public DnsName Parent() => IsRoot ? this : new DnsName(Wire[(Wire[0] + 1)..].ToArray());

    /// <summary>The first label's bytes.</summary>
    public ReadOnlySpan<byte> FirstLabel => IsRoot ? [] : Wire.Slice(1, Wire[0]);

    /// <summary>Prepends one label given as raw text (no escapes), e.g. <c>"*"</c> or <c>"www"</c>.</summary>
    public DnsName Prepend(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var bytes = Encoding.Latin1.GetBytes(label);
        if (bytes.Length is 0 or > MaxLabelLength)
        {
            throw new ArgumentException("label must be 1 to 63 bytes", nameof(label));
        }

        if (bytes.Length + 1 + WireLength > MaxWireLength)
        {
            throw new ArgumentException("name would exceed 255 bytes", nameof(label));
        }

        var wire = new byte[bytes.Length + 1 + WireLength];
        wire[0] = (byte)bytes.Length;
        bytes.CopyTo(wire, 1);
        Wire.CopyTo(wire.AsSpan(bytes.Length + 1));
        return new DnsName(wire);
    }

    /// <summary>The name with ASCII letters lowered, as TSIG and canonical ordering need (RFC 4034 §6.2).</summary>
    public DnsName ToLowerInvariant()
    {
        if (_wire is null)
        {
            return this;
        }

        var copy = (byte[])_wire.Clone();
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = Lower(copy[i]);
        }

        return new DnsName(copy);
    }

    /// <summary>Presentation form with a trailing dot, escaping dots, backslashes, quotes and non-printables.</summary>
    public override string ToString()
    {
        if (_wire is null)
        {
            return ".";
        }

        var sb = new StringBuilder(_wire.Length + 4);
        for (int i = 0; _wire[i] != 0; i += _wire[i] + 1)
        {
            foreach (byte b in _wire.AsSpan(i + 1, _wire[i]))
            {
                AppendEscaped(sb, b);
            }

            sb.Append('.');
        }
        return sb.ToString();
    }

    internal static void AppendEscaped(StringBuilder sb, byte b)
    {
        if (b is (byte)'.' or (byte)'\\' or (byte)'"' or (byte)'(' or (byte)')' or (byte)';' or (byte)'@' or (byte)'$')
        {
            sb.Append('\\').Append((char)b);
        }
        else if (b is <= 0x20 or >= 0x7f)
        {
            sb.Append('\\').Append(((int)b).ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append((char)b);
        }
    }

    /// <inheritdoc/>
    public bool Equals(DnsName other) => EqualsIgnoreCase(Wire, other.Wire);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DnsName other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashIgnoreCase(Wire);

    /// <summary>Case-insensitive equality.</summary>
    public static bool operator ==(DnsName left, DnsName right) => left.Equals(right);

    /// <summary>Case-insensitive inequality.</summary>
    public static bool operator !=(DnsName left, DnsName right) => !left.Equals(right);

    internal static byte Lower(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;

    // Length bytes are at most 63 and so never fall in 'A'..'Z': folding every byte is safe.
    internal static bool EqualsIgnoreCase(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i] && Lower(a[i]) != Lower(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    internal static int HashIgnoreCase(ReadOnlySpan<byte> wire)
    {
        uint hash = 2166136261;
        foreach (byte b in wire)
        {
            hash = (hash ^ Lower(b)) * 16777619;
        }

        return (int)hash;
    }
}
