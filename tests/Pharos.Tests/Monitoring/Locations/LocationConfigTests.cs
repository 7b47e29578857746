using Pharos.Config;
using Pharos.Monitoring.Locations;
using Pharos.Tests.Support;

namespace Pharos.Tests.Monitoring.Locations;

/// <summary>`locations`, `quorum` and `canaries` are refused at their line when they could never work.</summary>
public sealed class LocationConfigTests
{
    private static ConfigError Error(string checksYaml) =>
        Should.Throw<ConfigException>(() => MonitorTestConfigs.Load(checksYaml)).Errors.ShouldHaveSingleItem();

    private const string Tcp = "    type: tcp\n    host: 127.0.0.1\n    port: 1\n";

    [Fact]
    public void A_quorum_larger_than_the_locations_is_an_error_at_its_line()
    {
        var e = Error("checks:\n  - id: web\n" + Tcp + "    locations: [a, b]\n    quorum: 3\n");
        e.Message.ShouldContain("'quorum' (3) is more than the 2 location(s)");
        e.Line.ShouldBe(18, "the line of 'quorum' (the site takes the first 11 lines)");
        e.Message.ShouldStartWith("checks[1]");
    }

    [Fact]
    public void Location_names_must_be_plain_words_and_listed_once()
    {
        Error("checks:\n  - id: web\n" + Tcp + "    locations: [a, 'b c']\n").Message.ShouldContain("location 'b c' may hold only");
        Error("checks:\n  - id: web\n" + Tcp + "    locations: [a, a]\n").Message.ShouldContain("listed twice");
        Error("monitoring:\n  location: 'x/y'\nchecks: []\n").Message.ShouldContain("'location' 'x/y'");
    }

    [Fact]
    public void A_heartbeat_has_no_locations_and_a_canary_must_be_a_check()
    {
        Error("checks:\n  - id: job\n    type: heartbeat\n    period: 1h\n    token: q8Zr3vN1xK7mW2pT9bH4dL6s\n    locations: [a]\n").Message.ShouldContain("heartbeat is received by this server");
        Error("monitoring:\n  canaries: [nope]\nchecks:\n  - id: web\n" + Tcp).Message.ShouldContain("canary 'nope' is not defined");
    }

    [Fact]
    public void A_failover_trigger_quorum_beyond_its_checks_locations_is_an_error()
    {
        var yaml = Pharos.Tests.Failover.FailoverTestPolicies.Yaml().Replace("fail_after: 3 }", "fail_after: 3, quorum: 2 }", StringComparison.Ordinal)
            + "\nchecks:\n  - id: primary-http\n" + Tcp;
        Should.Throw<ConfigException>(() => ConfigLoader.Load(yaml, "pharos.yaml")).Errors.ShouldHaveSingleItem().Message.ShouldContain("trigger 'quorum' (2) is more than the 1 location(s)");
        var fine = ConfigLoader.Load(yaml.Replace("port: 1\n", "port: 1\n    locations: [a, b]\n", StringComparison.Ordinal), "pharos.yaml");
        fine.Failover.Policies.Single().Trigger.Quorum.ShouldBe(2);
    }

    [Fact]
    public void Without_locations_a_check_runs_here_only_and_canaries_run_everywhere()
    {
        var config = MonitorTestConfigs.Load("monitoring:\n  location: hq\n  canaries: [canary]\nchecks:\n  - id: web\n" + Tcp + "    locations: [a, b]\n  - id: canary\n" + Tcp + "  - id: plain\n" + Tcp);
        var plan = new LocationPlan(config.Monitoring, MonitorTestConfigs.Catalog(config));
        plan.LocationsOf("plain").ShouldBe(["hq"]);
        plan.IsMultiLocation("plain").ShouldBeFalse();
        plan.LocationsOf("canary").ShouldBe(["a", "b", "hq"]);
        plan.OwnCatalog().All.Select(c => c.Id).ShouldBe(["canary", "plain"]);
        plan.ChecksAt("a").Select(c => c.Id).ShouldBe(["web", "canary"]);
    }
}
