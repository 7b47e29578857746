using Pharos.Config;
using Pharos.Tests.Support;

namespace Pharos.Tests.Monitoring;

public class ChecksConfigTests
{
    private static ConfigError Error(string checks) =>
        Should.Throw<ConfigException>(() => MonitorTestConfigs.Load(checks)).Errors.ShouldHaveSingleItem();

    private static int SiteLines => MonitorTestConfigs.Site.Split('\n').Length;

    [Fact]
    public void Http_check_reads_every_field()
    {
        var c = MonitorTestConfigs.Load("""
            checks:
              - id: api
                type: http
                component: app
                url: https://app.example.test/health
                method: post
                headers: { X-Probe: pharos }
                body: '{"ping":1}'
                interval: 15s
                timeout: 5s
                fail_after: 4
                recover_after: 3
                degraded_latency: 750ms
                tls_expiry_warning: 21d
                follow_redirects: true
                host_header: app.example.test
                sni: app.example.test
                resolve: 127.0.0.1
                max_body_bytes: 4096
                expect:
                  status: [200, 204]
                  body_contains: ok
                  body_not_contains: error
                  body_regex: '"version":\s*"\d+'
                  json_path: $.checks[0].status
                  json_equals: pass
            """).Checks.ShouldHaveSingleItem();
        c.Http!.Method.ShouldBe("POST");
        c.Http.ExpectStatus.ShouldBe([200, 204]);
        c.Http.Resolve!.ToString().ShouldBe("127.0.0.1");
        c.Http.JsonPath!.Text.ShouldBe("$.checks[0].status");
        c.DegradedLatency.ShouldBe(TimeSpan.FromMilliseconds(750));
        c.FailAfter.ShouldBe(4);
        c.Interval.ShouldBe(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public void Invalid_url_is_an_error_at_its_line()
    {
        var e = Error("checks:\n  - id: api\n    type: http\n    url: ftp//nowhere\n");
        e.Line.ShouldBe(SiteLines + 4);
        e.Message.ShouldContain("'url' must be an absolute http");
    }

    [Fact]
    public void Invalid_regex_is_an_error_at_its_line()
    {
        var e = Error("checks:\n  - id: api\n    type: http\n    url: http://127.0.0.1/\n    expect:\n      body_regex: '(unclosed'\n");
        e.Line.ShouldBe(SiteLines + 6);
        e.Message.ShouldContain("not a valid regular expression");
    }

    [Fact]
    public void Invalid_json_path_is_an_error_at_its_line()
    {
        var e = Error("checks:\n  - id: api\n    type: http\n    url: http://127.0.0.1/\n    expect:\n      json_path: status.ok\n");
        e.Line.ShouldBe(SiteLines + 6);
        e.Message.ShouldContain("is not a JSON path");
    }

    [Fact]
    public void Unknown_component_and_unknown_field_are_errors()
    {
        var errors = Should.Throw<ConfigException>(() => MonitorTestConfigs.Load("checks:\n  - id: t\n    type: tcp\n    host: 127.0.0.1\n    port: 1\n    component: nope\n    banner: x\n")).Errors;
        errors.Count.ShouldBe(2);
        errors.ShouldContain(e => e.Message.Contains("component 'nope' is not defined"));
        errors.ShouldContain(e => e.Message.Contains("unknown field 'banner'"));
    }

    [Fact]
    public void Hostnames_expand_to_one_check_per_name()
    {
        var checks = MonitorTestConfigs.Load("""
            checks:
              - id: domains
                type: http
                component: domains
                url: https://{hostname}/health
                hostnames: [a.example.test, b.example.test]
            """).Checks;
        checks.Select(c => c.Id).ShouldBe(["domains@a.example.test", "domains@b.example.test"]);
        checks[1].Http!.Url.ToString().ShouldBe("https://b.example.test/health");
        checks[1].Hostname.ShouldBe("b.example.test");
    }

    [Fact]
    public void Timeout_longer_than_interval_is_refused()
    {
        Error("checks:\n  - id: t\n    type: tcp\n    host: 127.0.0.1\n    port: 1\n    interval: 5s\n    timeout: 10s\n").Message.ShouldContain("must not exceed 'interval'");
    }

    [Fact]
    public void Heartbeat_needs_a_long_enough_token()
    {
        Error("checks:\n  - id: job\n    type: heartbeat\n    token: short\n    period: 1h\n").Message.ShouldContain("at least 16");
    }
}
