using Pharos.Dns.Records;
using Pharos.Dns.Wire;

namespace Pharos.Dns;

/// <summary>EDNS parameters carried by the OPT pseudo-record (RFC 6891 §6.1.3).</summary>
public sealed class EdnsInfo
{
    /// <summary>The requestor's largest UDP payload.</summary>
    public ushort UdpPayloadSize { get; init; } = 1232;

    /// <summary>EDNS version; only 0 exists.</summary>
    public byte Version { get; init; }

    /// <summary>The DO bit (RFC 3225).</summary>
    public bool DnssecOk { get; init; }

    /// <summary>Options, in wire order.</summary>
    public IReadOnlyList<EdnsOption> Options { get; init; } = [];
}

/// <summary>
/// A whole DNS message (RFC 1035 §4.1): header flags, the four sections, and the OPT (RFC 6891) and TSIG (RFC 8945)
/// pseudo-records split out of the additional section. Public by design: the query and update clients return it.
/// </summary>
public sealed class DnsMessage
{
    /// <summary>Header size in bytes (RFC 1035 §4.1.1).</summary>
    public const int HeaderSize = 12;

    /// <summary>Transaction ID.</summary>
    public ushort Id { get; init; }

    /// <summary>QR: this is a response.</summary>
    public bool IsResponse { get; init; }

    /// <summary>The opcode.</summary>
    public DnsOpcode Opcode { get; init; }

    /// <summary>AA: authoritative answer.</summary>
    public bool IsAuthoritative { get; init; }

    /// <summary>TC: truncated.</summary>
    public bool IsTruncated { get; init; }

    /// <summary>RD: recursion desired.</summary>
    public bool RecursionDesired { get; init; }

    /// <summary>RA: recursion available.</summary>
    public bool RecursionAvailable { get; init; }

    /// <summary>AD: authentic data (RFC 4035).</summary>
    public bool AuthenticData { get; init; }

    /// <summary>CD: checking disabled (RFC 4035).</summary>
    public bool CheckingDisabled { get; init; }

    /// <summary>The full response code, extended bits from OPT included.</summary>
    public DnsRcode Rcode { get; init; }

    /// <summary>Question section (the zone section in an UPDATE).</summary>
    public IReadOnlyList<DnsQuestion> Questions { get; init; } = [];

    /// <summary>Answer section (prerequisites in an UPDATE).</summary>
    public IReadOnlyList<DnsRecord> Answers { get; init; } = [];

    /// <summary>Authority section (updates in an UPDATE).</summary>
    public IReadOnlyList<DnsRecord> Authorities { get; init; } = [];

    /// <summary>Additional section, without OPT and TSIG.</summary>
    public IReadOnlyList<DnsRecord> Additionals { get; init; } = [];

    /// <summary>EDNS parameters, or null when the message had no OPT record.</summary>
    public EdnsInfo? Edns { get; init; }

    /// <summary>The TSIG record, which must be last (RFC 8945 §5.1), or null.</summary>
    public DnsRecord? Tsig { get; init; }

    /// <summary>Offset of the TSIG record in the parsed bytes, for verification; -1 when absent.</summary>
    internal int TsigOffset { get; init; } = -1;

    /// <summary>Parses a message.</summary>
    /// <exception cref="DnsFormatException">The bytes are malformed; the exception says at which offset.</exception>
    public static DnsMessage Parse(ReadOnlySpan<byte> bytes) => DnsMessageReader.Read(bytes);

    /// <summary>Writes the message into <paramref name="buffer"/> with name compression and returns its length.</summary>
    /// <exception cref="ArgumentException">The message does not fit.</exception>
    public int WriteTo(Span<byte> buffer)
    {
        try
        {
            var writer = new DnsWriter(buffer);
            DnsMessageWriter.Write(this, ref writer);
            return writer.Position;
        }
        catch (DnsBufferFullException e)
        {
            throw new ArgumentException("the message does not fit in the buffer", nameof(buffer), e);
        }
    }

    /// <summary>The message as a new array (at most 65,535 bytes).</summary>
    public byte[] ToArray()
    {
        var buffer = new byte[ushort.MaxValue];
        return buffer.AsSpan(0, WriteTo(buffer)).ToArray();
    }
}
