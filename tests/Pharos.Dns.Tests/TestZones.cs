namespace Pharos.Dns.Tests;

/// <summary>Zone data shared by the tests; every address is on 127.0.0.0/8 or ::1.</summary>
internal static class TestZones
{
    public static readonly DnsName Origin = DnsName.Parse("example.test.");

    public static string BigTxtRecords()
    {
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < 20; i++)
        {
            sb.Append("big IN TXT \"").Append(i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)).Append(new string('x', 100)).Append("\"\n");
        }

        return sb.ToString();
    }

    public static string ExampleZone(uint serial = 2024010101) => $$"""
        $ORIGIN example.test.
        $TTL 3600
        @   IN SOA ns1.example.test. hostmaster.example.test. (
                {{serial}} ; serial
                3600       ; refresh
                600        ; retry
                604800     ; expire
                300 )      ; minimum
            IN NS ns1
            IN NS ns2.example.test.
            IN MX 10 mail
            IN TXT "v=spf1 -all" "second string"
            IN CAA 0 issue "letsencrypt.org"
        ns1 IN A 127.0.0.1
        ns2 IN A 127.0.0.2
        mail 300 IN A 127.0.0.3
        www IN A 127.0.0.10
            IN AAAA ::1
        alias IN CNAME www
        chain IN CNAME alias
        _sip._tcp IN SRV 10 60 5060 sip.example.test.
        sip IN A 127.0.0.4
        ptr IN PTR www.example.test.
        *.wild IN A 127.0.0.5
        sub IN NS ns.sub
        ns.sub IN A 127.0.0.6
        opaque IN TYPE65280 \# 4 DEADBEEF
        a.b.deep IN A 127.0.0.7
        {{BigTxtRecords()}}
        """;
}
