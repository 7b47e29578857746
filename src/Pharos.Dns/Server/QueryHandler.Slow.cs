using System.Buffers.Binary;
using System.Net;
using Pharos.Dns.Records;
using Pharos.Dns.Tsig;
using Pharos.Dns.Wire;

namespace Pharos.Dns.Server;

internal sealed partial class QueryHandler
{
    private int HandleSlow(ReadOnlySpan<byte> query, Span<byte> response, bool overTcp, IPAddress? remote, out TransferRequest? transfer)
    {
        transfer = null;
        if (query.Length < DnsMessage.HeaderSize || (query[2] & 0x80) != 0)
        {
            return 0; // nothing to answer, or a response
        }

        ushort id = BinaryPrimitives.ReadUInt16BigEndian(query);
        var opcode = (DnsOpcode)((query[2] >> 3) & 0xF);
        DnsMessage request;
        try
        {
            request = DnsMessage.Parse(query);
        }
        catch (DnsFormatException)
        {
            return WriteError(response, id, opcode, null, DnsRcode.FormErr);
        }
        var question = request.Questions.Count == 1 ? request.Questions[0] : (DnsQuestion?)null;
        if (request.Opcode != DnsOpcode.Query)
        {
            return WriteError(response, id, opcode, question, DnsRcode.NotImp);
        }

        if (question is null)
        {
            return WriteError(response, id, opcode, null, DnsRcode.FormErr);
        }

        if (request.Edns is { Version: > 0 } badVersion)
        {
            return WriteError(response, id, opcode, question, DnsRcode.BadVers, edns: true, badVersion.DnssecOk);
        }

        TsigKey? key = null;
        ReadOnlyMemory<byte> requestMac = default;
        if (request.Tsig is not null)
        {
            var status = _signer.Verify(query, request, FindKey, [], timersOnly: false, out key);
            if (status != TsigStatus.Valid)
            {
                return WriteTsigError(response, request, question.Value, status, key);
            }

            requestMac = ((TsigRecordData)request.Tsig.Data).Mac;
        }

        var q = question.Value;
        if (q.Type is DnsType.AXFR or DnsType.IXFR)
        {
            var zone = _store.Current.Zones.GetValueOrDefault(q.Name);
            if (zone is null)
            {
                return WriteError(response, id, opcode, q, DnsRcode.NotAuth);
            }

            bool allowed = key is not null || (remote is not null && _options.AllowTransferFrom.Any(a => a.Equals(remote)));
            if (!allowed)
            {
                return Sign(response, WriteError(response, id, opcode, q, DnsRcode.Refused), key, requestMac);
            }

            if (!overTcp)
            {
                // RFC 1995 §2: an IXFR over UDP that does not fit is answered with the SOA alone, meaning "use TCP".
                if (q.Type == DnsType.AXFR)
                {
                    return Sign(response, WriteError(response, id, opcode, q, DnsRcode.Refused), key, requestMac);
                }

                var soaOnly = new LookupResult();
                soaOnly.Answers.AddRange(zone.SoaSet.ToRecords());
                return Sign(response, Write(response, ResponseFor(id, request.RecursionDesired, false, q, soaOnly, request.Edns is not null, request.Edns?.DnssecOk ?? false)), key, requestMac);
            }
            transfer = new TransferRequest(zone, request, key, requestMac);
            return 0;
        }

        var result = ZoneLookup.Resolve(_store.Current, q, minimalAny: !overTcp);
        var message = ResponseFor(id, request.RecursionDesired, request.CheckingDisabled, q, result, request.Edns is not null, request.Edns?.DnssecOk ?? false);
        int maxSize = overTcp ? ushort.MaxValue : request.Edns is { } e ? Math.Clamp((int)e.UdpPayloadSize, 512, _options.MaxUdpPayload) : 512;
        // Leave room for the TSIG record when the response must be signed.
        if (key is not null)
        {
            maxSize -= 100 + key.MacLength;
        }

        int length = WriteTruncating(response[..maxSize], message);
        return Sign(response, length, key, requestMac);
    }

    private TsigKey? FindKey(DnsName name) => _options.TransferKeys.FirstOrDefault(k => k.Name == name);

    private int Sign(Span<byte> response, int length, TsigKey? key, ReadOnlyMemory<byte> requestMac) =>
        key is null ? length : _signer.Sign(response, length, key, requestMac.Span, timersOnly: false, out _);

    private int WriteTsigError(Span<byte> response, DnsMessage request, DnsQuestion question, TsigStatus status, TsigKey? key)
    {
        var tsig = (TsigRecordData)request.Tsig!.Data;
        int length = WriteError(response, request.Id, request.Opcode, question, DnsRcode.NotAuth);
        var error = status switch { TsigStatus.BadKey => DnsRcode.BadKey, TsigStatus.BadTime => DnsRcode.BadTime, _ => DnsRcode.BadSig };
        if (status == TsigStatus.BadTime && key is not null)
        {
            // RFC 8945 §5.2.3: BADTIME is signed and carries our time so the client can see the skew.
            var other = new byte[6];
            ulong now = (ulong)_options.TimeProvider.GetUtcNow().ToUnixTimeSeconds();
            BinaryPrimitives.WriteUInt16BigEndian(other, (ushort)(now >> 32));
            BinaryPrimitives.WriteUInt32BigEndian(other.AsSpan(2), (uint)now);
            return _signer.Sign(response, length, key, tsig.Mac.Span, timersOnly: false, out _, DnsRcode.BadTime, other);
        }
        return TsigSigner.AppendError(response, length, request.Tsig.Name, tsig.Algorithm, error, tsig.TimeSigned, tsig.Fudge);
    }

    private int WriteError(Span<byte> response, ushort id, DnsOpcode opcode, DnsQuestion? question, DnsRcode rcode, bool edns = false, bool dnssecOk = false) =>
        WriteTruncating(response, new DnsMessage
        {
            Id = id, IsResponse = true, Opcode = opcode, Rcode = rcode,
            Questions = question is { } q ? [q] : [],
            Edns = edns || (ushort)rcode > 15 ? new EdnsInfo { UdpPayloadSize = (ushort)_options.MaxUdpPayload, DnssecOk = dnssecOk } : null,
        });

    private static int Write(Span<byte> response, DnsMessage message)
    {
        var writer = new DnsWriter(response);
        DnsMessageWriter.Write(message, ref writer);
        return writer.Position;
    }

    // Writes the whole message, or when it does not fit, header + question + OPT with TC set (RFC 2181 §9).
    internal static int WriteTruncating(Span<byte> response, DnsMessage message)
    {
        try
        {
            return Write(response, message);
        }
        catch (DnsBufferFullException)
        {
            return Write(response, new DnsMessage
            {
                Id = message.Id, IsResponse = true, Opcode = message.Opcode, IsAuthoritative = message.IsAuthoritative,
                IsTruncated = true, RecursionDesired = message.RecursionDesired, CheckingDisabled = message.CheckingDisabled,
                Rcode = message.Rcode, Questions = message.Questions, Edns = message.Edns,
            });
        }
    }
}
