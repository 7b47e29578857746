using System.Net;
using Pharos.Config;

namespace Pharos.Tests.Config;

public class AdminConfigTests
{
    [Fact]
    public void Trusted_proxies_and_session_lifetimes_load_with_defaults()
    {
        var none = ConfigLoader.Load("site:\n  name: Shop\n", "pharos.yaml");
        none.TrustedProxies.Any.ShouldBeFalse("nobody is trusted unless named");
        none.Admin.SessionLifetime.ShouldBe(TimeSpan.FromHours(12));
        none.Admin.SessionIdleTimeout.ShouldBe(TimeSpan.FromHours(8));

        var c = ConfigLoader.Load("site:\n  name: Shop\ntrusted_proxies: [10.0.0.5, 192.168.0.0/16, 'fd00::/8']\nadmin:\n  session_lifetime: 2h\n", "pharos.yaml");
        c.TrustedProxies.Networks.Count.ShouldBe(3);
        c.TrustedProxies.Networks[0].Contains(IPAddress.Parse("10.0.0.5")).ShouldBeTrue();
        c.TrustedProxies.Networks[0].Contains(IPAddress.Parse("10.0.0.6")).ShouldBeFalse("a bare address is that address only");
        c.TrustedProxies.Networks[1].Contains(IPAddress.Parse("192.168.44.1")).ShouldBeTrue();
        c.Admin.SessionLifetime.ShouldBe(TimeSpan.FromHours(2));
        c.Admin.SessionIdleTimeout.ShouldBe(TimeSpan.FromHours(2), "idle never outlasts the lifetime");
    }

    [Fact]
    public void Bad_proxies_and_lifetimes_are_reported_at_their_line_and_column()
    {
        const string yaml = """
            site:
              name: Shop
            trusted_proxies:
              - 10.0.0.5
              - 10.0.0.300
              - proxy.example
            admin:
              session_lifetime: 1h
              session_idle_timeout: 2h
              remember_me: true
            """;
        var errors = Should.Throw<ConfigException>(() => ConfigLoader.Load(yaml, "pharos.yaml")).Errors;
        errors.Select(e => e.ToString()).ShouldBe(
        [
            "pharos.yaml:10:3: unknown field 'remember_me' in admin (expected one of: session_lifetime, session_idle_timeout)",
            "pharos.yaml:9:25: admin: 'session_idle_timeout' must not be longer than 'session_lifetime'",
            "pharos.yaml:5:5: trusted_proxies[2]: '10.0.0.300' is not an IP address or network (such as 10.0.0.5, 10.0.0.0/8 or fd00::/8)",
            "pharos.yaml:6:5: trusted_proxies[3]: 'proxy.example' is not an IP address or network (such as 10.0.0.5, 10.0.0.0/8 or fd00::/8)",
        ], ignoreOrder: true);
    }
}
