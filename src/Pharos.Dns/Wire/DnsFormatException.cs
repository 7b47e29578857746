namespace Pharos.Dns;

/// <summary>
/// A DNS message or name could not be parsed. <see cref="Offset"/> is the byte offset in the message (or the character
/// offset in presentation text) where parsing stopped, so a malformed packet can be pinned down precisely.
/// </summary>
public sealed class DnsFormatException : FormatException
{
    /// <summary>Creates the exception for a failure at <paramref name="offset"/>.</summary>
    public DnsFormatException(int offset, string reason)
        : base($"{reason} (at offset {offset})")
    {
        Offset = offset;
        Reason = reason;
    }

    /// <summary>Creates the exception without an offset.</summary>
    public DnsFormatException() : this(-1, "malformed DNS data") { }

    /// <summary>Creates the exception without an offset.</summary>
    public DnsFormatException(string message) : this(-1, message) { }

    /// <summary>Creates the exception without an offset, wrapping another.</summary>
    public DnsFormatException(string message, Exception innerException) : base(message, innerException)
    {
        Offset = -1;
        Reason = message;
    }

    /// <summary>Where parsing stopped; -1 when unknown.</summary>
    public int Offset { get; }

    /// <summary>The reason without the offset.</summary>
    public string Reason { get; }
}
