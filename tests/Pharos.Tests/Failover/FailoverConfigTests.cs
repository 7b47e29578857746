using Pharos.Config;
using Pharos.Dns;
using Pharos.Failover.Providers;

namespace Pharos.Tests.Failover;

public class FailoverConfigTests
{
    private static IReadOnlyList<ConfigError> Errors(string yaml) =>
        Should.Throw<ConfigException>(() => ConfigLoader.Load(yaml, "pharos.yaml")).Errors;

    [Fact]
    public void Valid_policy_loads_with_absolute_names()
    {
        var p = FailoverTestPolicies.Policy();
        p.Names.Select(n => n.ToString()).ShouldBe(["example.test.", "www.example.test.", "*.example.test."]);
        p.Ttl.ShouldBe(TimeSpan.FromSeconds(60));
        p.Types.ShouldBe([DnsType.A]);
        p.Trigger.FailAfter.ShouldBe(3);
        p.Failback.Hold.ShouldBe(TimeSpan.FromMinutes(5));
    }

    private const string Failback = "failback: { mode: automatic, hold: 5m, recover_after: 2 }";

    private const string Checks = """
        checks:
          - id: primary-http
            name: Primary
            type: http
            url: http://127.0.0.10/
          - id: standby-http
            name: Standby
            type: http
            url: http://127.0.0.20/
        """;

    [Fact]
    public void Standby_checks_load_and_must_exist_and_watch_the_other_side()
    {
        var ok = ConfigLoader.Load(FailoverTestPolicies.Yaml(Checks, failback: Failback + "\n      standby_checks: [standby-http]"), "pharos.yaml");
        ok.Failover.Policies.Single().StandbyChecks.ShouldBe(["standby-http"]);
        ok.Failover.Policies.Single().Watches("standby-http").ShouldBeTrue();

        var yaml = FailoverTestPolicies.Yaml(Checks, failback: Failback + "\n      standby_checks: [standby-gone, primary-http]");
        var errors = Errors(yaml);
        var line = yaml.Split('\n').ToList().FindIndex(l => l.Contains("standby_checks:", StringComparison.Ordinal)) + 1;
        errors.Select(e => e.Line).ShouldAllBe(l => l == line);
        errors.Select(e => e.Message).ShouldBe([
            "failover.policies[1].standby_checks: check 'standby-gone' is not defined under 'checks'",
            "failover.policies[1].standby_checks: check 'primary-http' is also a trigger check; a standby check must watch the failover side",
        ], ignoreOrder: true);
    }

    [Fact]
    public void A_TTL_of_28800_is_refused_with_its_line()
    {
        var yaml = FailoverTestPolicies.Yaml(ttl: "28800");
        var line = yaml.Split('\n').ToList().FindIndex(l => l.Contains("ttl: 28800", StringComparison.Ordinal)) + 1;
        var e = Errors(yaml).ShouldHaveSingleItem();
        e.Line.ShouldBe(line);
        e.Message.ShouldContain("above failover.max_ttl (5m)");
    }

    [Fact]
    public void A_policy_may_only_lower_the_global_limit()
    {
        var yaml = FailoverTestPolicies.Yaml(ttl: "120s").Replace("failover:\n  policies:", "failover:\n  max_ttl: 60s\n  policies:", StringComparison.Ordinal);
        Errors(yaml).ShouldHaveSingleItem().Message.ShouldContain("above failover.max_ttl (1m)");
    }

    [Theory]
    [InlineData("records: [\"@\", www, \"*\"]", "records: [www.other.test.]", "outside the policy's zone")]
    [InlineData("failover: { A: [127.0.0.20] }", "failover: { A: [127.0.0.10] }", "same as the primary")]
    [InlineData("primary: { A: [127.0.0.10] }", "primary: { A: [127.0.0.10], CNAME: app.elsewhere.test. }", "CNAME cannot stand beside other data")]
    [InlineData("provider: { type: builtin }", "provider: { type: rfc2136, server: 127.0.0.1:5300 }", "needs a TSIG key")]
    [InlineData("provider: { type: builtin }", "provider: { type: cloudflare, zone_id: abc, api_token_env: PHAROS_TEST_UNSET_TOKEN }", "needs an API token")]
    [InlineData("provider: { type: builtin }", "provider: { type: route66 }", "unknown provider type")]
    [InlineData("primary: { A: [127.0.0.10] }", "primary: { A: [not-an-ip] }", "is not an IPv4 address")]
    [InlineData("components: [app]", "components: [nope]", "component 'nope' is not defined")]
    public void Unsafe_policies_are_refused_at_load(string from, string to, string message)
    {
        var yaml = FailoverTestPolicies.Yaml();
        yaml.ShouldContain(from);
        var bad = yaml.Replace(from, to, StringComparison.Ordinal);
        var line = bad.Split('\n').ToList().FindIndex(l => l.Contains(to, StringComparison.Ordinal)) + 1;
        var errors = Errors(bad);
        errors.ShouldContain(e => e.Message.Contains(message, StringComparison.Ordinal) && e.Line == line, string.Join("\n", errors));
    }

    [Fact]
    public void Rfc2136_with_a_key_file_loads()
    {
        using var dir = new Support.TempDir();
        var key = dir.Write("update.key", "key \"pharos\" { algorithm hmac-sha256; secret \"c2VjcmV0c2VjcmV0c2VjcmV0\"; };");
        var yaml = FailoverTestPolicies.Yaml().Replace("provider: { type: builtin }", $"provider: {{ type: rfc2136, server: 127.0.0.1:5300, tsig_key_file: {key} }}", StringComparison.Ordinal);
        var p = ConfigLoader.Load(yaml, "pharos.yaml").Failover.Policies.Single();
        var provider = p.Provider.ShouldBeOfType<Rfc2136ProviderConfig>();
        provider.Server.Port.ShouldBe(5300);
        provider.TsigKey.ShouldBe(new FileSecret(key));
    }

    [Fact]
    public void Cloudflare_loads_its_own_settings_with_the_default_api_base()
    {
        Environment.SetEnvironmentVariable("PHAROS_TEST_CF_TOKEN_SET", "token");
        var yaml = FailoverTestPolicies.Yaml().Replace("provider: { type: builtin }", "provider: { type: cloudflare, zone_id: abc, api_token_env: PHAROS_TEST_CF_TOKEN_SET }", StringComparison.Ordinal);
        var provider = ConfigLoader.Load(yaml, "pharos.yaml").Failover.Policies.Single().Provider.ShouldBeOfType<CloudflareProviderConfig>();
        provider.ZoneId.ShouldBe("abc");
        provider.ApiToken.ShouldBe(new EnvironmentSecret("PHAROS_TEST_CF_TOKEN_SET"));
        provider.ApiBase.ShouldBe(CloudflareProviderConfig.DefaultApiBase);
    }

    [Theory]
    [InlineData("provider: { type: builtin, server: 127.0.0.1:5300 }", "unknown field 'server'")]
    [InlineData("provider: { type: cloudflare, zone_id: abc, api_token_env: PATH, api_token_file: /etc/hostname }", "not both")]
    [InlineData("provider: { type: cloudflare, zone_id: abc, api_token_env: PATH, api_base: not-a-url }", "'api_base' must be an absolute http(s) URL")]
    [InlineData("provider: { type: rfc2136, tsig_key_env: PATH }", "rfc2136 needs 'server'")]
    public void A_provider_gets_only_its_own_settings_and_all_of_them(string provider, string message)
    {
        var yaml = FailoverTestPolicies.Yaml().Replace("provider: { type: builtin }", provider, StringComparison.Ordinal);
        var errors = Errors(yaml);
        errors.ShouldContain(e => e.Message.Contains(message, StringComparison.Ordinal), string.Join("\n", errors));
    }
}
