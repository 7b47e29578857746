using System.Net;
using Pharos.Config;

namespace Pharos.Tests.Authoritative;

public class DnsRoleConfigReaderTests
{
    private const string Site = "site:\n  name: Acme\n";

    private static IReadOnlyList<ConfigError> Errors(string yaml) =>
        Should.Throw<ConfigException>(() => ConfigLoader.Load(Site + yaml, "pharos.yaml")).Errors;

    [Fact]
    public void Limits_default_to_the_servers_own_with_loopback_exempt_from_rate_limiting()
    {
        var dns = ConfigLoader.Load(Site + "dns:\n  listen: 127.0.0.1:5353\n", "pharos.yaml").Dns;
        dns.TcpMaxConnections.ShouldBe(1000);
        dns.TcpMaxConnectionsPerClient.ShouldBe(20);
        dns.TcpIdleTimeout.ShouldBe(TimeSpan.FromSeconds(10));
        dns.TcpWriteTimeout.ShouldBe(TimeSpan.FromSeconds(5));
        dns.RateLimit.ResponsesPerSecond.ShouldBe(200);
        dns.RateLimit.Slip.ShouldBe(2);
        dns.RateLimit.Ipv4PrefixLength.ShouldBe(24);
        dns.RateLimit.Ipv6PrefixLength.ShouldBe(56);
        dns.RateLimit.Exempt.Select(n => n.ToString()).ShouldBe(["127.0.0.0/8", "::1/128"]);
    }

    [Fact]
    public void Tcp_and_rate_limit_settings_are_read()
    {
        var dns = ConfigLoader.Load(Site + """
            dns:
              tcp:
                max_connections: 300
                max_connections_per_client: 5
                idle_timeout: 3s
                write_timeout: 500ms
              rate_limit:
                responses_per_second: 50
                slip: 1
                ipv4_prefix_length: 32
                ipv6_prefix_length: 64
                exempt: [192.0.2.0/24, 2001:db8::/32, 198.51.100.7]
            """, "pharos.yaml").Dns;
        dns.TcpMaxConnections.ShouldBe(300);
        dns.TcpMaxConnectionsPerClient.ShouldBe(5);
        dns.TcpIdleTimeout.ShouldBe(TimeSpan.FromSeconds(3));
        dns.TcpWriteTimeout.ShouldBe(TimeSpan.FromMilliseconds(500));
        dns.RateLimit.ResponsesPerSecond.ShouldBe(50);
        dns.RateLimit.Slip.ShouldBe(1);
        dns.RateLimit.Ipv4PrefixLength.ShouldBe(32);
        dns.RateLimit.Ipv6PrefixLength.ShouldBe(64);
        dns.RateLimit.Exempt.ShouldBe([IPNetwork.Parse("192.0.2.0/24"), IPNetwork.Parse("2001:db8::/32"), IPNetwork.Parse("198.51.100.7/32")]);
    }

    [Fact]
    public void An_empty_exempt_list_exempts_nobody_and_zero_turns_rate_limiting_off()
    {
        var dns = ConfigLoader.Load(Site + "dns:\n  rate_limit:\n    responses_per_second: 0\n    exempt: []\n", "pharos.yaml").Dns;
        dns.RateLimit.Exempt.ShouldBeEmpty();
        dns.RateLimit.ResponsesPerSecond.ShouldBe(0);
    }

    [Fact]
    public void A_network_written_with_host_bits_means_its_prefix()
    {
        var dns = ConfigLoader.Load(Site + "dns:\n  rate_limit:\n    exempt: [127.0.0.1/8]\n", "pharos.yaml").Dns;
        dns.RateLimit.Exempt.ShouldHaveSingleItem().ToString().ShouldBe("127.0.0.0/8");
    }

    [Theory]
    [InlineData("dns:\n  tcp:\n    max_connection: 10\n", "unknown field 'max_connection' in dns.tcp")]
    [InlineData("dns:\n  tcp:\n    max_connections: 0\n", "dns.tcp: 'max_connections' must be between 1 and")]
    [InlineData("dns:\n  tcp:\n    write_timeout: soon\n", "dns.tcp: 'write_timeout' must be a duration")]
    [InlineData("dns:\n  rate_limit:\n    slip: 11\n", "dns.rate_limit: 'slip' must be between 0 and 10")]
    [InlineData("dns:\n  rate_limit:\n    ipv4_prefix_length: 33\n", "dns.rate_limit: 'ipv4_prefix_length' must be between 0 and 32")]
    [InlineData("dns:\n  rate_limit:\n    exempt: [localhost]\n", "dns.rate_limit.exempt: 'localhost' is not a network")]
    [InlineData("dns:\n  rate_limit: on\n", "dns.rate_limit must be a mapping")]
    public void A_bad_setting_is_reported_with_its_place(string yaml, string message)
    {
        var error = Errors(yaml).ShouldHaveSingleItem();
        error.Message.ShouldContain(message);
        error.Line.ShouldBeGreaterThan(2);
    }
}
