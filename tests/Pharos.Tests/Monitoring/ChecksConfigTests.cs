using Pharos.Config;
using Pharos.Monitoring.Checks;
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
            """).Checks.ShouldHaveSingleItem().ShouldBeOfType<HttpCheckConfig>();
        c.Method.ShouldBe("POST");
        c.ExpectStatus.ShouldBe([200, 204]);
        c.Resolve!.ToString().ShouldBe("127.0.0.1");
        c.JsonPath!.Text.ShouldBe("$.checks[0].status");
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
        checks[1].ShouldBeOfType<HttpCheckConfig>().Url.ToString().ShouldBe("https://b.example.test/health");
        checks[1].Hostname.ShouldBe("b.example.test");
    }

    [Fact]
    public void Timeout_longer_than_interval_is_refused()
    {
        Error("checks:\n  - id: t\n    type: tcp\n    host: 127.0.0.1\n    port: 1\n    interval: 5s\n    timeout: 10s\n").Message.ShouldContain("must not exceed 'interval'");
    }

    [Fact]
    public void Each_type_reads_into_its_own_kind_of_check_with_its_probe()
    {
        var checks = MonitorTestConfigs.Load($$"""
            checks:
              - { id: h, type: http, url: "http://127.0.0.1/" }
              - { id: t, type: tcp, host: 127.0.0.1, port: 25 }
              - { id: d, type: dns, server: "127.0.0.1:5353", query: www.example.test, record_type: aaaa }
              - { id: i, type: icmp, host: 127.0.0.1 }
              - { id: s, type: tls, host: 127.0.0.1 }
              - { id: b, type: heartbeat, token: {{HeartbeatToken.Generate()}}, period: 1h }
            """).Checks;
        checks.Select(c => c.GetType().Name).ShouldBe(["HttpCheckConfig", "TcpCheckConfig", "DnsCheckConfig", "IcmpCheckConfig", "TlsCheckConfig", "HeartbeatCheckConfig"]);
        checks[2].ShouldBeOfType<DnsCheckConfig>().RecordType.ShouldBe("AAAA");
        checks[4].ShouldBeOfType<TlsCheckConfig>().Port.ShouldBe(443);
        checks[5].Interval.ShouldBe(TimeSpan.FromSeconds(10), "heartbeats are judged often");
        checks[5].FailAfter.ShouldBe(1);

        using var pool = new HttpHandlerPool();
        var probes = new ProbeFactory(pool, new HeartbeatRegistry(new CheckCatalog(checks, []), TimeProvider.System), TimeProvider.System);
        checks.Select(c => probes.Create(c).GetType().Name).ShouldBe(["HttpProbe", "TcpProbe", "DnsProbe", "IcmpProbe", "TlsProbe", "HeartbeatProbe"]);
    }

    [Fact]
    public void Each_kind_puts_the_hostname_where_it_belongs()
    {
        var checks = MonitorTestConfigs.Load("""
            checks:
              - { id: front, type: http, url: "https://edge.example.test/health", hostnames: [a.example.test] }
              - { id: smtp, type: tcp, host: "mx.{hostname}", port: 25, hostnames: [a.example.test] }
              - { id: ns, type: dns, server: 127.0.0.1, query: "www.{hostname}", hostnames: [a.example.test] }
              - { id: ping, type: icmp, host: "{hostname}", hostnames: [a.example.test] }
              - { id: cert, type: tls, host: "{hostname}", hostnames: [a.example.test] }
            """).Checks;
        checks.Select(c => c.Id).ShouldAllBe(id => id.EndsWith("@a.example.test"));
        checks.Select(c => c.BaseId).ShouldBe(["front", "smtp", "ns", "ping", "cert"]);
        var http = checks[0].ShouldBeOfType<HttpCheckConfig>();
        (http.Url.Host, http.HostHeader, http.Sni).ShouldBe(("edge.example.test", "a.example.test", "a.example.test"), "without {hostname} the URL's host is connected to");
        checks[1].ShouldBeOfType<TcpCheckConfig>().Host.ShouldBe("mx.a.example.test");
        checks[2].ShouldBeOfType<DnsCheckConfig>().Query.ShouldBe("www.a.example.test");
        checks[3].ShouldBeOfType<IcmpCheckConfig>().Host.ShouldBe("a.example.test");
        var tls = checks[4].ShouldBeOfType<TlsCheckConfig>();
        (tls.Host, tls.Sni).ShouldBe(("a.example.test", "a.example.test"));
        checks[4].Name.ShouldBe("cert (a.example.test)");
    }

    [Fact]
    public void A_heartbeat_with_hostnames_is_refused()
    {
        var e = Error($"checks:\n  - id: job\n    type: heartbeat\n    token: {HeartbeatToken.Generate()}\n    period: 1h\n    hostnames: [a.example.test]\n");
        e.Line.ShouldBe(SiteLines + 6);
        e.Message.ShouldContain("a heartbeat has no hostnames");
    }
}
