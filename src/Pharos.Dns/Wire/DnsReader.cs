using System.Buffers.Binary;

namespace Pharos.Dns.Wire;

/// <summary>
/// Bounds-checked cursor over a whole DNS message. Every read that would run past the end throws
/// <see cref="DnsFormatException"/> with the offset where it stopped, so callers never see IndexOutOfRange.
/// </summary>
internal ref struct DnsReader
{
    private readonly ReadOnlySpan<byte> _message;

    public DnsReader(ReadOnlySpan<byte> message)
    {
        _message = message;
        Position = 0;
    }

    public int Position { get; set; }

    public readonly int Remaining => _message.Length - Position;

    public readonly ReadOnlySpan<byte> Message => _message;

    public byte ReadByte()
    {
        Need(1, "byte");
        return _message[Position++];
    }

    public ushort ReadUInt16()
    {
        Need(2, "16-bit field");
        ushort value = BinaryPrimitives.ReadUInt16BigEndian(_message[Position..]);
        Position += 2;
        return value;
    }

    public uint ReadUInt32()
    {
        Need(4, "32-bit field");
        uint value = BinaryPrimitives.ReadUInt32BigEndian(_message[Position..]);
        Position += 4;
        return value;
    }

    public ulong ReadUInt48()
    {
        Need(6, "48-bit field");
        ulong value = ((ulong)BinaryPrimitives.ReadUInt16BigEndian(_message[Position..]) << 32)
            | BinaryPrimitives.ReadUInt32BigEndian(_message[(Position + 2)..]);
        Position += 6;
        return value;
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        Need(count, "data");
        var slice = _message.Slice(Position, count);
        Position += count;
        return slice;
    }

    /// <summary>Reads a possibly compressed name (RFC 1035 §4.1.4).</summary>
    public DnsName ReadName()
    {
        Span<byte> buffer = stackalloc byte[DnsName.MaxWireLength];
        int length = ReadNameInto(buffer);
        return new DnsName(buffer[..length].ToArray());
    }

    /// <summary>Skips a name, validating it as <see cref="ReadName"/> would.</summary>
    public void SkipName()
    {
        Span<byte> buffer = stackalloc byte[DnsName.MaxWireLength];
        ReadNameInto(buffer);
    }

    /// <summary>
    /// Decompresses a name into <paramref name="output"/> and returns its length. Pointers must point strictly before
    /// the label sequence that holds them, which rules out loops; the expanded name must fit in 255 bytes.
    /// </summary>
    public int ReadNameInto(scoped Span<byte> output)
    {
        int cursor = Position;
        int written = 0;
        int floor = Position; // a pointer must target something earlier than this
        bool jumped = false;
        while (true)
        {
            if (cursor >= _message.Length)
            {
                throw Fail(cursor, "name runs past the end of the message");
            }

            byte len = _message[cursor];
            if ((len & 0xC0) == 0xC0)
            {
                if (cursor + 1 >= _message.Length)
                {
                    throw Fail(cursor, "truncated compression pointer");
                }

                int target = ((len & 0x3F) << 8) | _message[cursor + 1];
                if (target >= floor)
                {
                    throw Fail(cursor, "compression pointer does not point backwards");
                }

                if (!jumped)
                {
                    Position = cursor + 2;
                }

                jumped = true;
                floor = target;
                cursor = target;
                continue;
            }
            if ((len & 0xC0) != 0)
            {
                throw Fail(cursor, "unsupported label type");
            }

            if (written + len + 1 > DnsName.MaxWireLength)
            {
                throw Fail(cursor, "name longer than 255 bytes");
            }

            if (cursor + 1 + len > _message.Length)
            {
                throw Fail(cursor, "label runs past the end of the message");
            }

            _message.Slice(cursor, len + 1).CopyTo(output[written..]);
            written += len + 1;
            cursor += len + 1;
            if (len == 0)
            {
                break;
            }
        }
        if (!jumped)
        {
            Position = cursor;
        }

        return written;
    }

    private readonly void Need(int count, string what)
    {
        if (count < 0 || Position + count > _message.Length)
        {
            throw Fail(Position, $"message ends inside a {what}");
        }
    }

    public static DnsFormatException Fail(int offset, string reason) => new(offset, reason);
}
