using System.Buffers.Binary;
using System.Net;
using Pharos.Dns.Tsig;
using Pharos.Dns.Wire;
using Pharos.Dns.Zones;

namespace Pharos.Dns.Server;

/// <summary>A validated AXFR/IXFR request, to be streamed over TCP by <see cref="ZoneTransfer"/>.</summary>
internal sealed record TransferRequest(AuthoritativeZone Zone, DnsMessage Query, TsigKey? Key, ReadOnlyMemory<byte> RequestMac);

/// <summary>
/// Turns one request packet into one response packet. Plain queries take the fast path: the question is read straight
/// from the span, and the encoded answer for this zone version is copied from <see cref="ResponseCache"/> with the ID,
/// RD/CD bits and the question's case patched in, so nothing is allocated once the cache is warm. Everything else
/// (TSIG, transfers, odd opcodes, malformed input) takes the parsing path.
/// </summary>
internal sealed partial class QueryHandler
{
    private const int OptLength = 11; // root name, type, class, TTL, RDLENGTH 0
    private const int OptFlagsOffset = 7; // root name, type, class, extended rcode, version, then the flags (DO first)
    private readonly ZoneStore _store;
    private readonly DnsServerOptions _options;
    private readonly TsigSigner _signer;

    public QueryHandler(ZoneStore store, DnsServerOptions options)
    {
        _store = store;
        _options = options;
        _signer = new TsigSigner(options.TimeProvider);
    }

    /// <summary>Answers a packet; returns the response length, or 0 to drop it (too short, or itself a response).</summary>
    public int Handle(ReadOnlySpan<byte> query, Span<byte> response, bool overTcp, IPAddress? remote, out TransferRequest? transfer)
    {
        transfer = null;
        int length = TryFastPath(query, response, overTcp);
        return length >= 0 ? length : HandleSlow(query, response, overTcp, remote, out transfer);
    }

    /// <summary>The cached path; -1 when the packet is not a plain single-question query.</summary>
    internal int TryFastPath(ReadOnlySpan<byte> query, Span<byte> response, bool overTcp)
    {
        if (query.Length < DnsMessage.HeaderSize + 5)
        {
            return -1;
        }
        // QR=0, opcode QUERY, TC=0; one question, no answers or authorities, at most one additional (OPT).
        if ((query[2] & 0xFA) != 0)
        {
            return -1;
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(query[4..]) != 0x0001_0000 || query[8] != 0 || query[9] != 0 || query[10] != 0 || query[11] > 1)
        {
            return -1;
        }

        Span<byte> key = stackalloc byte[DnsName.MaxWireLength + 5];
        int pos = DnsMessage.HeaderSize;
        while (true)
        {
            if (pos >= query.Length)
            {
                return -1;
            }

            int len = query[pos];
            if (len > DnsName.MaxLabelLength || pos + len + 1 > query.Length || pos - DnsMessage.HeaderSize + len + 1 > DnsName.MaxWireLength)
            {
                return -1;
            }

            for (int i = 0; i <= len; i++)
            {
                key[pos - DnsMessage.HeaderSize + i] = DnsName.Lower(query[pos + i]);
            }

            pos += len + 1;
            if (len == 0)
            {
                break;
            }
        }
        int nameLength = pos - DnsMessage.HeaderSize;
        if (pos + 4 > query.Length)
        {
            return -1;
        }

        ushort qtype = BinaryPrimitives.ReadUInt16BigEndian(query[pos..]);
        if (qtype is (ushort)DnsType.AXFR or (ushort)DnsType.IXFR)
        {
            return -1;
        }

        query.Slice(pos, 4).CopyTo(key[nameLength..]);
        int questionEnd = pos + 4;
        bool edns = query[11] == 1;
        int maxUdp = 512;
        if (edns)
        {
            // The OPT record must be the rest of the packet: root owner, type 41, version 0.
            int opt = questionEnd;
            if (opt + OptLength > query.Length || query[opt] != 0 || BinaryPrimitives.ReadUInt16BigEndian(query[(opt + 1)..]) != (ushort)DnsType.OPT)
            {
                return -1;
            }

            if (query[opt + 6] != 0)
            {
                return -1; // EDNS version other than 0 needs BADVERS
            }

            int rdLength = BinaryPrimitives.ReadUInt16BigEndian(query[(opt + 9)..]);
            if (opt + OptLength + rdLength != query.Length)
            {
                return -1;
            }

            maxUdp = Math.Clamp((int)BinaryPrimitives.ReadUInt16BigEndian(query[(opt + 3)..]), 512, _options.MaxUdpPayload);
        }
        else if (questionEnd != query.Length)
        {
            return -1;
        }
        // The flag byte: bit 0 EDNS; bit 1 an ANY over TCP, whose full answer differs from the minimal one over UDP.
        // The DO bit is not part of the key: it is patched into the copy.
        key[nameLength + 4] = (byte)((edns ? 1 : 0) | (overTcp && qtype == (ushort)DnsType.ANY ? 2 : 0));
        var keySpan = key[..(nameLength + 5)];

        var snapshot = _store.Current;
        if (!snapshot.Cache.TryGet(keySpan, out var cached))
        {
            cached = BuildCacheEntry(snapshot, query[..questionEnd], edns, minimalAny: !overTcp);
            snapshot.Cache.Add(keySpan, cached);
        }
        return CopyCached(cached!, query, response, overTcp ? ushort.MaxValue : maxUdp, questionEnd);
    }

    private CachedResponse BuildCacheEntry(ZoneSnapshot snapshot, ReadOnlySpan<byte> header, bool edns, bool minimalAny)
    {
        var reader = new DnsReader(header) { Position = DnsMessage.HeaderSize };
        var question = new DnsQuestion(reader.ReadName(), (DnsType)reader.ReadUInt16(), (DnsClass)reader.ReadUInt16());
        var result = ZoneLookup.Resolve(snapshot, question, minimalAny);
        var message = ResponseFor(0, false, false, question, result, edns);
        var bytes = message.ToArray();
        return new CachedResponse { Bytes = bytes, QuestionEnd = header.Length, OptOffset = edns ? bytes.Length - OptLength : -1 };
    }

    private static int CopyCached(CachedResponse cached, ReadOnlySpan<byte> query, Span<byte> response, int maxSize, int questionEnd)
    {
        var bytes = cached.Bytes;
        int length;
        int opt = cached.OptOffset;
        if (bytes.Length <= maxSize)
        {
            bytes.CopyTo(response);
            length = bytes.Length;
        }
        else
        {
            // RFC 2181 §9: too big for this transport: header, question and OPT with TC set; the client retries over TCP.
            bytes.AsSpan(0, cached.QuestionEnd).CopyTo(response);
            response[2] |= 0x02;
            BinaryPrimitives.WriteUInt32BigEndian(response[6..], 0);
            length = cached.QuestionEnd;
            if (opt >= 0)
            {
                bytes.AsSpan(opt).CopyTo(response[length..]);
                opt = length;
                length += bytes.Length - cached.OptOffset;
                response[11] = 1;
            }
            else
            {
                response[11] = 0;
            }
        }
        // RFC 3225 §3: the DO bit (top bit of the OPT TTL's flags) is copied from the query's OPT, which the fast path
        // only accepts right after the question.
        if (opt >= 0)
        {
            response[opt + OptFlagsOffset] = (byte)((response[opt + OptFlagsOffset] & 0x7F) | (query[questionEnd + OptFlagsOffset] & 0x80));
        }
        // Patch what differs between queries with the same key: ID, RD, CD, and the question's letter case.
        response[0] = query[0];
        response[1] = query[1];
        response[2] = (byte)((response[2] & 0xFE) | (query[2] & 0x01));
        response[3] = (byte)((response[3] & 0xEF) | (query[3] & 0x10));
        query[DnsMessage.HeaderSize..(questionEnd - 4)].CopyTo(response[DnsMessage.HeaderSize..]);
        return length;
    }

    internal DnsMessage ResponseFor(ushort id, bool rd, bool cd, DnsQuestion question, LookupResult result, bool edns, bool dnssecOk = false) => new()
    {
        Id = id,
        IsResponse = true,
        Opcode = DnsOpcode.Query,
        IsAuthoritative = result.Authoritative,
        RecursionDesired = rd,
        CheckingDisabled = cd,
        Rcode = result.Rcode,
        Questions = [question],
        Answers = result.Answers,
        Authorities = result.Authorities,
        Additionals = result.Additionals,
        Edns = edns ? new EdnsInfo { UdpPayloadSize = (ushort)_options.MaxUdpPayload, DnssecOk = dnssecOk } : null,
    };
}
