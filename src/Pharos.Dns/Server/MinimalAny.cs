using Pharos.Dns.Records;
using Pharos.Dns.Zones;

namespace Pharos.Dns.Server;

/// <summary>
/// RFC 8482: an ANY query over UDP gets one RRset, not the whole node, so that a 40-byte query cannot fetch kilobytes
/// (the amplification that made ANY popular with attackers). Like Knot, TCP still gets every RRset: there the source
/// address is proven and no reflection is possible.
/// </summary>
internal static class MinimalAny
{
    // The answer with its question and an OPT record must fit in the classic UDP size (RFC 1035 §4.2.1), whatever the
    // client offered: a minimal answer that needed TCP anyway would defeat its purpose.
    private const int Limit = 512;

    // RFC 8482 §4.2 leaves the TTL to the implementer and suggests hours; one hour is what the zone's own sets use here.
    private const uint HinfoTtl = 3600;

    // HINFO (RFC 1035 §3.3.2): CPU "RFC8482", OS empty (RFC 8482 §4.2).
    private static readonly byte[] HinfoData = [7, (byte)'R', (byte)'F', (byte)'C', (byte)'8', (byte)'4', (byte)'8', (byte)'2', 0];

    /// <summary>Adds the smallest RRset at <paramref name="node"/> (RFC 8482 §4.1), or the synthesised HINFO when none fits in 512 bytes (§4.2).</summary>
    public static void Answer(DnsName owner, ZoneNode node, LookupResult result)
    {
        var buffer = new byte[Limit];
        List<DnsRecord>? best = null;
        int bestSize = int.MaxValue;
        foreach (var set in node.Sets)
        {
            var records = set.ToRecords(owner).ToList();
            int size = EncodedSize(owner, records, buffer);
            if (size < bestSize)
            {
                best = records;
                bestSize = size;
            }
        }
        result.Answers.AddRange(best ?? [new DnsRecord { Name = owner, Ttl = HinfoTtl, Data = new UnknownRecordData((DnsType)13, HinfoData) }]);
    }

    // The size of a response carrying just these records, or int.MaxValue when it exceeds the limit.
    private static int EncodedSize(DnsName owner, List<DnsRecord> records, byte[] buffer)
    {
        var message = new DnsMessage { IsResponse = true, Questions = [new DnsQuestion(owner, DnsType.ANY)], Answers = records, Edns = new EdnsInfo() };
        try
        {
            return message.WriteTo(buffer);
        }
        catch (ArgumentException)
        {
            return int.MaxValue;
        }
    }
}
