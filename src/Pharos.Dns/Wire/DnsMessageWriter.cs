using Pharos.Dns.Records;

namespace Pharos.Dns.Wire;

/// <summary>Writes RFC 1035 §4.1 messages; OPT goes after the additional records and TSIG last (RFC 8945 §5.1).</summary>
internal static class DnsMessageWriter
{
    public static void Write(DnsMessage message, ref DnsWriter writer)
    {
        int rcode = (int)message.Rcode;
        var edns = message.Edns ?? (rcode > 15 ? new EdnsInfo() : null);
        WriteHeader(ref writer, message, rcode & 0xF);
        writer.WriteUInt16((ushort)message.Questions.Count);
        writer.WriteUInt16((ushort)message.Answers.Count);
        writer.WriteUInt16((ushort)message.Authorities.Count);
        writer.WriteUInt16((ushort)(message.Additionals.Count + (edns is null ? 0 : 1) + (message.Tsig is null ? 0 : 1)));
        foreach (var q in message.Questions)
        {
            WriteQuestion(ref writer, q);
        }

        foreach (var r in message.Answers)
        {
            WriteRecord(ref writer, r);
        }

        foreach (var r in message.Authorities)
        {
            WriteRecord(ref writer, r);
        }

        foreach (var r in message.Additionals)
        {
            WriteRecord(ref writer, r);
        }

        if (edns is not null)
        {
            WriteOpt(ref writer, edns, rcode >> 4);
        }

        if (message.Tsig is not null)
        {
            WriteRecord(ref writer, message.Tsig);
        }
    }

    public static void WriteHeader(ref DnsWriter writer, DnsMessage m, int lowRcode)
    {
        writer.WriteUInt16(m.Id);
        writer.WriteByte((byte)((m.IsResponse ? 0x80 : 0) | (((int)m.Opcode & 0xF) << 3) | (m.IsAuthoritative ? 0x04 : 0)
            | (m.IsTruncated ? 0x02 : 0) | (m.RecursionDesired ? 0x01 : 0)));
        writer.WriteByte((byte)((m.RecursionAvailable ? 0x80 : 0) | (m.AuthenticData ? 0x20 : 0) | (m.CheckingDisabled ? 0x10 : 0) | lowRcode));
    }

    public static void WriteQuestion(ref DnsWriter writer, DnsQuestion question)
    {
        writer.WriteName(question.Name);
        writer.WriteUInt16((ushort)question.Type);
        writer.WriteUInt16((ushort)question.Class);
    }

    public static void WriteRecord(ref DnsWriter writer, DnsRecord record)
    {
        writer.WriteName(record.Name);
        writer.WriteUInt16((ushort)record.Type);
        writer.WriteUInt16((ushort)record.Class);
        writer.WriteUInt32(record.Ttl);
        record.Data.Write(ref writer);
    }

    public static void WriteOpt(ref DnsWriter writer, EdnsInfo edns, int extendedRcode)
    {
        writer.WriteByte(0);
        writer.WriteUInt16((ushort)DnsType.OPT);
        writer.WriteUInt16(edns.UdpPayloadSize);
        writer.WriteUInt32((uint)((extendedRcode & 0xFF) << 24 | edns.Version << 16 | (edns.DnssecOk ? 0x8000 : 0)));
        new OptRecordData(edns.Options).Write(ref writer);
    }
}
