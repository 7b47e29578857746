using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Pharos.Dns.Wire;

/// <summary>
/// Writes a DNS message into a caller's span, compressing names (RFC 1035 §4.1.4) through a fixed table of earlier
/// name offsets so that writing allocates nothing. Running out of room throws <see cref="DnsBufferFullException"/>,
/// which callers turn into truncation.
/// </summary>
internal ref struct DnsWriter
{
    private readonly Span<byte> _buffer;
    private CompressionTable _offsets;
    private int _offsetCount;

    public DnsWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        Position = 0;
        _offsetCount = 0;
    }

    public int Position { get; set; }

    public readonly Span<byte> Buffer => _buffer;

    /// <summary>When true, names are written uncompressed and lower-cased (RFC 4034 §6.2 canonical form).</summary>
    public bool Canonical { get; init; }

    public readonly ReadOnlySpan<byte> Written => _buffer[..Position];

    public void WriteByte(byte value)
    {
        Need(1);
        _buffer[Position++] = value;
    }

    public void WriteUInt16(ushort value)
    {
        Need(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[Position..], value);
        Position += 2;
    }

    public void WriteUInt32(uint value)
    {
        Need(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[Position..], value);
        Position += 4;
    }

    public void WriteUInt48(ulong value)
    {
        Need(6);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[Position..], (ushort)(value >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[(Position + 2)..], (uint)value);
        Position += 6;
    }

    public void WriteBytes(scoped ReadOnlySpan<byte> bytes)
    {
        Need(bytes.Length);
        bytes.CopyTo(_buffer[Position..]);
        Position += bytes.Length;
    }

    public readonly void PatchUInt16(int offset, ushort value) => BinaryPrimitives.WriteUInt16BigEndian(_buffer[offset..], value);

    /// <summary>Writes a name, pointing at an earlier copy of its longest known suffix when <paramref name="compress"/>.</summary>
    public void WriteName(DnsName name, bool compress = true)
    {
        var wire = name.Wire;
        if (Canonical)
        {
            Need(wire.Length);
            for (int k = 0; k < wire.Length; k++)
            {
                _buffer[Position + k] = DnsName.Lower(wire[k]);
            }

            Position += wire.Length;
            return;
        }
        int i = 0;
        while (wire[i] != 0)
        {
            if (compress)
            {
                int match = FindSuffix(wire[i..]);
                if (match >= 0)
                {
                    WriteUInt16((ushort)(0xC000 | match));
                    return;
                }
            }
            // Remember where this suffix starts so later names can point here.
            if (Position < 0x3FFF && _offsetCount < CompressionTable.Size)
            {
                _offsets[_offsetCount++] = (ushort)Position;
            }

            int len = wire[i] + 1;
            WriteBytes(wire.Slice(i, len));
            i += len;
        }
        WriteByte(0);
    }

    private readonly int FindSuffix(ReadOnlySpan<byte> suffix)
    {
        for (int k = 0; k < _offsetCount; k++)
        {
            if (NameAtEquals(_offsets[k], suffix))
            {
                return _offsets[k];
            }
        }

        return -1;
    }

    // Compares the (possibly compressed) name already written at offset with an uncompressed suffix.
    private readonly bool NameAtEquals(int offset, ReadOnlySpan<byte> suffix)
    {
        int s = 0;
        for (int hops = 0; hops < 64;)
        {
            byte len = _buffer[offset];
            if ((len & 0xC0) == 0xC0)
            {
                offset = ((len & 0x3F) << 8) | _buffer[offset + 1];
                hops++;
                continue;
            }
            if (suffix[s] != len)
            {
                return false;
            }

            if (len == 0)
            {
                return true;
            }

            if (!DnsName.EqualsIgnoreCase(_buffer.Slice(offset + 1, len), suffix.Slice(s + 1, len)))
            {
                return false;
            }

            offset += len + 1;
            s += len + 1;
        }
        return false;
    }

    private readonly void Need(int count)
    {
        if (Position + count > _buffer.Length)
        {
            throw new DnsBufferFullException();
        }
    }

    [InlineArray(Size)]
    private struct CompressionTable
    {
        public const int Size = 128;
        private ushort _first;
    }
}

/// <summary>The output buffer is too small for the message being written.</summary>
internal sealed class DnsBufferFullException : Exception
{
    public DnsBufferFullException() : base("DNS message does not fit in the buffer") { }
}
