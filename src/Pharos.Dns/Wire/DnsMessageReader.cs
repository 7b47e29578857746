using Pharos.Dns.Records;

namespace Pharos.Dns.Wire;

/// <summary>Parses RFC 1035 §4.1 messages, splitting OPT (RFC 6891 §6.1.1) and TSIG (RFC 8945 §5.1) out of the additional section.</summary>
internal static class DnsMessageReader
{
    public static DnsMessage Read(ReadOnlySpan<byte> bytes)
    {
        var reader = new DnsReader(bytes);
        if (bytes.Length < DnsMessage.HeaderSize)
        {
            throw DnsReader.Fail(bytes.Length, "message shorter than its 12-byte header");
        }

        ushort id = reader.ReadUInt16();
        byte flags1 = reader.ReadByte();
        byte flags2 = reader.ReadByte();
        int qd = reader.ReadUInt16(), an = reader.ReadUInt16(), ns = reader.ReadUInt16(), ar = reader.ReadUInt16();

        var questions = new List<DnsQuestion>(Math.Min(qd, 4));
        for (int i = 0; i < qd; i++)
        {
            questions.Add(new DnsQuestion(reader.ReadName(), (DnsType)reader.ReadUInt16(), (DnsClass)reader.ReadUInt16()));
        }

        var answers = ReadSection(ref reader, an);
        var authorities = ReadSection(ref reader, ns);

        var additionals = new List<DnsRecord>(Math.Min(ar, 8));
        EdnsInfo? edns = null;
        DnsRecord? tsig = null;
        int tsigOffset = -1;
        int extendedRcode = 0;
        for (int i = 0; i < ar; i++)
        {
            int start = reader.Position;
            if (tsig is not null)
            {
                throw DnsReader.Fail(start, "TSIG is not the last record");
            }

            var name = reader.ReadName();
            var type = (DnsType)reader.ReadUInt16();
            ushort cls = reader.ReadUInt16();
            uint ttl = reader.ReadUInt32();
            int length = reader.ReadUInt16();
            var data = DnsRecordData.Read(type, ref reader, length);
            if (type == DnsType.OPT)
            {
                if (edns is not null)
                {
                    throw DnsReader.Fail(start, "more than one OPT record");
                }

                if (!name.IsRoot)
                {
                    throw DnsReader.Fail(start, "OPT owner is not the root");
                }

                extendedRcode = (int)(ttl >> 24);
                edns = new EdnsInfo
                {
                    UdpPayloadSize = cls, Version = (byte)(ttl >> 16), DnssecOk = (ttl & 0x8000) != 0,
                    Options = ((OptRecordData)data).Options,
                };
            }
            else if (type == DnsType.TSIG)
            {
                if (i != ar - 1)
                {
                    throw DnsReader.Fail(start, "TSIG is not the last record");
                }

                if (data is not TsigRecordData)
                {
                    throw DnsReader.Fail(start, "TSIG record without RDATA");
                }

                tsig = new DnsRecord { Name = name, Class = (DnsClass)cls, Ttl = ttl, Data = data };
                tsigOffset = start;
            }
            else
            {
                additionals.Add(new DnsRecord { Name = name, Class = (DnsClass)cls, Ttl = ttl, Data = data });
            }
        }
        if (reader.Remaining != 0)
        {
            throw DnsReader.Fail(reader.Position, "trailing bytes after the last record");
        }

        return new DnsMessage
        {
            Id = id,
            IsResponse = (flags1 & 0x80) != 0,
            Opcode = (DnsOpcode)((flags1 >> 3) & 0xF),
            IsAuthoritative = (flags1 & 0x04) != 0,
            IsTruncated = (flags1 & 0x02) != 0,
            RecursionDesired = (flags1 & 0x01) != 0,
            RecursionAvailable = (flags2 & 0x80) != 0,
            AuthenticData = (flags2 & 0x20) != 0,
            CheckingDisabled = (flags2 & 0x10) != 0,
            Rcode = (DnsRcode)((extendedRcode << 4) | (flags2 & 0xF)),
            Questions = questions,
            Answers = answers,
            Authorities = authorities,
            Additionals = additionals,
            Edns = edns,
            Tsig = tsig,
            TsigOffset = tsigOffset,
        };
    }

    private static List<DnsRecord> ReadSection(ref DnsReader reader, int count)
    {
        var records = new List<DnsRecord>(Math.Min(count, 16));
        for (int i = 0; i < count; i++)
        {
            records.Add(ReadRecord(ref reader));
        }

        return records;
    }

    internal static DnsRecord ReadRecord(ref DnsReader reader)
    {
        var name = reader.ReadName();
        var type = (DnsType)reader.ReadUInt16();
        var cls = (DnsClass)reader.ReadUInt16();
        uint ttl = reader.ReadUInt32();
        int length = reader.ReadUInt16();
        var data = DnsRecordData.Read(type, ref reader, length);
        return new DnsRecord { Name = name, Class = cls, Ttl = ttl, Data = data };
    }
}
