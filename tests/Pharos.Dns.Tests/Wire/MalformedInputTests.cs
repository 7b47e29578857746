namespace Pharos.Dns.Tests.Wire;

public sealed class MalformedInputTests
{
    // www.example.test A from BIND: header 0-11, question 12-33, answer owner 34-35, type 36, class 38, TTL 40-43,
    // RDLENGTH 44-45, RDATA 46-49, then the OPT record.
    private static byte[] WwwA => CapturedBytes.Get("www.example.test", "A");

    [Fact]
    public void Truncated_answer_fails_at_its_offset()
    {
        var ex = Should.Throw<DnsFormatException>(() => DnsMessage.Parse(WwwA.AsSpan(0, 48)));
        ex.Offset.ShouldBe(46);
        ex.Message.ShouldContain("RDATA runs past the end");
    }

    [Fact]
    public void Truncated_ttl_fails_where_the_ttl_starts()
    {
        var ex = Should.Throw<DnsFormatException>(() => DnsMessage.Parse(WwwA.AsSpan(0, 42)));
        ex.Offset.ShouldBe(40);
    }

    [Fact]
    public void Truncated_header_fails_at_the_end_of_the_input()
    {
        Should.Throw<DnsFormatException>(() => DnsMessage.Parse(WwwA.AsSpan(0, 7))).Offset.ShouldBe(7);
    }

    [Fact]
    public void Every_prefix_of_a_real_response_fails_within_the_prefix()
    {
        var bytes = WwwA;
        for (int cut = 0; cut < bytes.Length; cut++)
        {
            var ex = Should.Throw<DnsFormatException>(() => DnsMessage.Parse(bytes.AsSpan(0, cut)));
            ex.Offset.ShouldBeInRange(0, cut);
        }
    }

    [Fact]
    public void Compression_pointer_to_itself_is_rejected_as_a_loop()
    {
        byte[] packet = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1];
        var ex = Should.Throw<DnsFormatException>(() => DnsMessage.Parse(packet));
        ex.Offset.ShouldBe(12);
        ex.Message.ShouldContain("does not point backwards");
    }

    [Fact]
    public void Mutual_compression_pointers_are_rejected()
    {
        // Answer owner at 29 points forward to 31, which points back to 29.
        byte[] packet = [0, 1, 0x80, 0, 0, 1, 0, 1, 0, 0, 0, 0, 3, (byte)'w', (byte)'w', (byte)'w', 0, 0, 1, 0, 1, 0xC0, 23, 0xC0, 21, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0];
        Should.Throw<DnsFormatException>(() => DnsMessage.Parse(packet));
    }

    [Fact]
    public void Name_longer_than_255_bytes_is_rejected()
    {
        var packet = new List<byte> { 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0 };
        for (int i = 0; i < 5; i++)
        {
            packet.Add(60);
            packet.AddRange(Enumerable.Repeat((byte)'a', 60));
        }
        packet.AddRange([0, 0, 1, 0, 1]);
        Should.Throw<DnsFormatException>(() => DnsMessage.Parse(packet.ToArray())).Message.ShouldContain("longer than 255");
    }

    [Fact]
    public void Rdata_longer_than_its_type_needs_is_rejected()
    {
        var bytes = (byte[])WwwA.Clone();
        bytes[45] = 3; // RDLENGTH 3 for an A record
        Should.Throw<DnsFormatException>(() => DnsMessage.Parse(bytes));
    }

    [Fact]
    public void Trailing_garbage_is_rejected_at_its_offset()
    {
        var bytes = WwwA.Concat(new byte[] { 1, 2, 3 }).ToArray();
        Should.Throw<DnsFormatException>(() => DnsMessage.Parse(bytes)).Offset.ShouldBe(WwwA.Length);
    }

    [Fact]
    public void Tsig_record_without_rdata_is_rejected_not_crashing_the_server()
    {
        // Found by bench/dns-fuzz: a TSIG with RDLENGTH 0 used to reach the verifier as opaque data.
        byte[] packet = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, (byte)'x', 0, 0, 1, 0, 1, 1, (byte)'k', 0, 0, 250, 0, 255, 0, 0, 0, 0, 0, 0];
        Should.Throw<DnsFormatException>(() => DnsMessage.Parse(packet)).Offset.ShouldBe(19);
    }
}
