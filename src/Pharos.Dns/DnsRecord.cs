using Pharos.Dns.Records;

namespace Pharos.Dns;

/// <summary>A question (RFC 1035 §4.1.2).</summary>
/// <param name="Name">The name asked about.</param>
/// <param name="Type">The type asked for.</param>
/// <param name="Class">The class, normally IN.</param>
public readonly record struct DnsQuestion(DnsName Name, DnsType Type, DnsClass Class = DnsClass.IN)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Name} {Class} {Type}";
}

/// <summary>A resource record (RFC 1035 §4.1.3): owner, class, TTL and typed RDATA.</summary>
public sealed class DnsRecord
{
    /// <summary>The owner name.</summary>
    public required DnsName Name { get; init; }

    /// <summary>The class; NONE and ANY appear in RFC 2136 updates.</summary>
    public DnsClass Class { get; init; } = DnsClass.IN;

    /// <summary>Time to live in seconds.</summary>
    public uint Ttl { get; init; }

    /// <summary>The typed RDATA.</summary>
    public required DnsRecordData Data { get; init; }

    /// <summary>The record type, taken from <see cref="Data"/>.</summary>
    public DnsType Type => Data.Type;

    /// <summary>The record in zone-file presentation form.</summary>
    public override string ToString() => $"{Name}\t{Ttl}\t{ClassText(Class)}\t{TypeText(Type)}\t{Data}";

    /// <summary>Mnemonic for a type, or <c>TYPEnnn</c> (RFC 3597 §5).</summary>
    public static string TypeText(DnsType type) =>
        Enum.IsDefined(type) ? type.ToString() : "TYPE" + ((ushort)type).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Mnemonic for a class, or <c>CLASSnnn</c> (RFC 3597 §5).</summary>
    public static string ClassText(DnsClass cls) =>
        Enum.IsDefined(cls) ? cls.ToString() : "CLASS" + ((ushort)cls).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parses a type mnemonic or <c>TYPEnnn</c>; false when unknown.</summary>
    public static bool TryParseType(string text, out DnsType type)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith("TYPE", StringComparison.OrdinalIgnoreCase)
            && ushort.TryParse(text.AsSpan(4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code))
        {
            type = (DnsType)code;
            return true;
        }
        return Enum.TryParse(text, ignoreCase: true, out type) && Enum.IsDefined(type) && !text.Any(char.IsAsciiDigit);
    }
}
