using System.Buffers.Binary;
using Pharos.Dns.Tsig;
using Pharos.Dns.Wire;

namespace Pharos.Dns.Server;

/// <summary>
/// Streams a zone as AXFR (RFC 5936 §2.2): SOA, every other record, SOA again, split over envelopes of about 16 KB.
/// An IXFR is answered the same way, which RFC 1995 §4 allows when no history is kept. With TSIG, every envelope is
/// signed; the second and later chain on the previous MAC and cover the timers only (RFC 8945 §5.3.1).
/// </summary>
internal static class ZoneTransfer
{
    private const int EnvelopeTarget = 16 * 1024;

    /// <summary>Writes the envelopes, each framed with its length, through <paramref name="send"/>.</summary>
    public static async Task SendAsync(TransferRequest request, TsigSigner signer, Func<ReadOnlyMemory<byte>, ValueTask> send)
    {
        var zone = request.Zone;
        var records = zone.AllRecords().Concat(zone.SoaSet.ToRecords()).ToList();
        var buffer = new byte[ushort.MaxValue + 2];
        byte[] previousMac = request.RequestMac.ToArray();
        bool first = true;
        int index = 0;
        while (index < records.Count)
        {
            int length = WriteEnvelope(buffer.AsSpan(2), request, records, ref index, first);
            if (request.Key is not null)
            {
                length = signer.Sign(buffer.AsSpan(2), length, request.Key, previousMac, timersOnly: !first, out var mac);
                previousMac = mac;
            }
            BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)length);
            await send(buffer.AsMemory(0, length + 2)).ConfigureAwait(false);
            first = false;
        }
    }

    private static int WriteEnvelope(Span<byte> buffer, TransferRequest request, List<DnsRecord> records, ref int index, bool first)
    {
        var query = request.Query;
        var header = new DnsMessage
        {
            Id = query.Id, IsResponse = true, Opcode = DnsOpcode.Query, IsAuthoritative = true,
            Questions = first ? query.Questions : [],
        };
        // Keep room for a TSIG record after the last envelope record.
        var writer = new DnsWriter(buffer[..(ushort.MaxValue - 512)]);
        DnsMessageWriter.Write(header, ref writer);
        int count = 0;
        while (index < records.Count && writer.Position < EnvelopeTarget)
        {
            DnsMessageWriter.WriteRecord(ref writer, records[index]);
            index++;
            count++;
        }
        writer.PatchUInt16(6, (ushort)count);
        return writer.Position;
    }
}
