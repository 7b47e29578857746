using Pharos.Dns.Records;
using Pharos.Dns.Zones;

namespace Pharos.Dns.Tests.Zones;

public sealed class ZoneFileParserTests
{
    [Fact]
    public void Example_zone_loads_with_origin_ttl_parentheses_and_blank_owners()
    {
        var zone = AuthoritativeZone.FromZoneFile(TestZones.ExampleZone(), TestZones.Origin);
        zone.Serial.ShouldBe(2024010101u);
        zone.Soa.Minimum.ShouldBe(300u);
        zone.Find(DnsName.Parse("www.example.test."), DnsType.AAAA)!.Data.Single().ToString().ShouldBe("::1");
        zone.Find(DnsName.Parse("mail.example.test."), DnsType.A)!.Ttl.ShouldBe(300u);
        zone.Find(TestZones.Origin, DnsType.NS)!.Data.Count.ShouldBe(2);
        zone.Find(DnsName.Parse("big.example.test."), DnsType.TXT)!.Data.Count.ShouldBe(20);
    }

    [Fact]
    public void Ttl_units_and_class_before_ttl_are_accepted()
    {
        var records = ZoneFileParser.Parse("$TTL 1h\nwww IN 2m A 127.0.0.1\nftp A 127.0.0.2 ; comment\n", TestZones.Origin);
        records[0].Ttl.ShouldBe(120u);
        records[1].Ttl.ShouldBe(3600u);
        records[1].Name.ShouldBe(DnsName.Parse("ftp.example.test."));
    }

    [Fact]
    public void Origin_directive_changes_relative_names()
    {
        var records = ZoneFileParser.Parse("$TTL 60\n$ORIGIN sub.example.test.\nwww A 127.0.0.1\n", DnsName.Root);
        records.Single().Name.ShouldBe(DnsName.Parse("www.sub.example.test."));
    }

    [Theory]
    [InlineData("$TTL 60\nwww IN A 300.1.1.1\n", 2)]
    [InlineData("$TTL 60\n\nwww IN BOGUS 1\n", 3)]
    [InlineData("$TTL 60\nwww IN MX 10\n", 2)]
    [InlineData("www IN A 127.0.0.1\n", 1)]
    [InlineData("$TTL 60\nwww IN A 127.0.0.1 extra\n", 2)]
    public void Malformed_lines_fail_with_their_line_number(string text, int line)
    {
        var ex = Should.Throw<DnsFormatException>(() => ZoneFileParser.Parse(text, TestZones.Origin));
        ex.Offset.ShouldBe(line);
    }

    [Fact]
    public void Cname_beside_other_data_is_rejected()
    {
        var text = "$TTL 60\n@ SOA ns hm 1 2 3 4 5\nwww CNAME x\nwww A 127.0.0.1\n";
        Should.Throw<InvalidOperationException>(() => AuthoritativeZone.FromZoneFile(text, TestZones.Origin));
    }

    [Fact]
    public void Generic_rdata_for_a_known_type_is_decoded()
    {
        var record = ZoneFileParser.Parse("$TTL 60\nx A \\# 4 7F000001\n", TestZones.Origin).Single();
        record.Data.ShouldBeOfType<UnknownRecordData>().ToString().ShouldBe("\\# 4 7F000001");
    }
}
