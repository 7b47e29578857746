using Pharos.Dns.Records;

namespace Pharos.Dns.Tests.Wire;

public sealed class RecordRoundTripTests
{
    public static TheoryData<string> ZoneLines => new()
    {
        "a IN A 127.0.0.9",
        "a IN AAAA 2001:db8::1",
        "a IN NS ns1.example.test.",
        "a IN CNAME www.example.test.",
        "a IN PTR www.example.test.",
        "a IN MX 5 mail.example.test.",
        "a IN TXT \"hello world\" \"with \\\"quotes\\\" and \\\\ and \\007\"",
        "a IN SRV 1 2 443 target.example.test.",
        "a IN CAA 128 iodef \"mailto:ops@example.test\"",
        "a IN SOA ns1.example.test. host\\.master.example.test. 7 8 9 10 11",
        "a IN TYPE4321 \\# 3 010203",
    };

    [Theory]
    [MemberData(nameof(ZoneLines))]
    public void Every_record_type_round_trips_byte_for_byte(string line)
    {
        var record = global::Pharos.Dns.Zones.ZoneFileParser.Parse("$TTL 60\n" + line, DnsName.Parse("example.test.")).Single();
        var message = new DnsMessage
        {
            Id = 42, IsResponse = true, Questions = [new DnsQuestion(record.Name, record.Type)], Answers = [record, record],
            Edns = new EdnsInfo { Options = [new EdnsOption(10, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 })] },
        };
        var bytes = message.ToArray();
        var parsed = DnsMessage.Parse(bytes);
        parsed.ToArray().ShouldBe(bytes);
        parsed.Answers[0].Data.ShouldBe(record.Data);
        parsed.Answers[0].Data.ToString().ShouldBe(record.Data.ToString());
        parsed.Edns!.Options.Single().Code.ShouldBe((ushort)10);
        // The presentation form parses back to the same data.
        global::Pharos.Dns.Zones.ZoneFileParser.Parse($"$TTL 60\na IN {DnsRecord.TypeText(record.Type)} {record.Data}", DnsName.Parse("example.test.")).Single().Data.ShouldBe(record.Data);
    }

    [Fact]
    public void Repeated_names_are_compressed_to_pointers()
    {
        var www = DnsName.Parse("www.example.test.");
        var message = new DnsMessage
        {
            Questions = [new DnsQuestion(www, DnsType.MX)],
            Answers = [new DnsRecord { Name = www, Ttl = 1, Data = new MxRecordData(1, DnsName.Parse("mail.example.test.")) }],
        };
        var bytes = message.ToArray();
        // header 12 + question 22 + owner pointer 2 + 10 fixed + preference 2 + "mail" label 5 + pointer 2
        bytes.Length.ShouldBe(12 + 22 + 2 + 10 + 2 + 5 + 2);
        DnsMessage.Parse(bytes).Answers[0].Data.ToString().ShouldBe("1 mail.example.test.");
    }

    [Fact]
    public void Srv_target_is_never_compressed()
    {
        var name = DnsName.Parse("x.example.test.");
        var message = new DnsMessage
        {
            Questions = [new DnsQuestion(name, DnsType.SRV)],
            Answers = [new DnsRecord { Name = name, Data = new SrvRecordData { Target = name } }],
        };
        var bytes = message.ToArray();
        bytes.Length.ShouldBe(12 + 20 + 2 + 10 + 6 + 16);
    }

    [Fact]
    public void Tsig_record_round_trips()
    {
        var tsig = new TsigRecordData { Algorithm = DnsName.Parse("hmac-sha256."), TimeSigned = 0x0001_0203_0405, Fudge = 300, Mac = new byte[32], OriginalId = 9, Error = DnsRcode.BadTime, OtherData = new byte[6] };
        var message = new DnsMessage { Id = 9, Tsig = new DnsRecord { Name = DnsName.Parse("key."), Class = DnsClass.ANY, Data = tsig } };
        var parsed = DnsMessage.Parse(message.ToArray());
        parsed.Tsig!.Data.ShouldBe(tsig);
        ((TsigRecordData)parsed.Tsig.Data).TimeSigned.ShouldBe(0x0001_0203_0405UL);
    }
}
