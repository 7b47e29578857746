using System.Text.RegularExpressions;
using Pharos.Config;
using Pharos.Failover.Parity;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.Tests.Failover.Parity;

/// <summary>The comparison rules and the config's errors, without a server.</summary>
public sealed class ParityRulesTests
{
    private static readonly ParityRequest Version = new() { Path = "/api/version", Headers = ["X-Build", "Cache-Control"], Json = ["version", "flags.checkout", "items.1.id", "missing.field"] };

    [Fact]
    public void Headers_and_json_fields_are_compared_one_by_one_and_an_absent_one_is_shown_as_absent()
    {
        var primary = Answer("""{"version":"4.2","flags":{"checkout":true},"items":[{"id":1},{"id":2}]}""", ("x-build", "77"), ("cache-control", "no-store"));
        var standby = Answer("""{"version":"4.2","flags":{"checkout":false},"items":[{"id":1},{"id":3}]}""", ("x-build", "77"));
        var findings = ParityComparer.Compare(Version, primary, standby).ToDictionary(f => f.Aspect);

        findings["status"].Verdict.ShouldBe(ParityVerdict.Same);
        findings["header x-build"].Verdict.ShouldBe(ParityVerdict.Same);
        findings["header cache-control"].ShouldSatisfyAllConditions(f => f.Verdict.ShouldBe(ParityVerdict.Drift), f => f.Standby.ShouldBe(ParityComparer.Absent));
        findings["json version"].ShouldSatisfyAllConditions(f => f.Verdict.ShouldBe(ParityVerdict.Same), f => f.Primary.ShouldBe("4.2"));
        findings["json flags.checkout"].ShouldSatisfyAllConditions(f => f.Verdict.ShouldBe(ParityVerdict.Drift), f => f.Primary.ShouldBe("true"), f => f.Standby.ShouldBe("false"));
        findings["json items.1.id"].ShouldSatisfyAllConditions(f => f.Primary.ShouldBe("2"), f => f.Standby.ShouldBe("3"));
        findings["json missing.field"].Verdict.ShouldBe(ParityVerdict.Same);
        ParityComparer.JsonField("<html>", "version").ShouldBe("(not JSON)");
    }

    [Fact]
    public void Body_normalization_ignores_tokens_timestamps_and_whitespace_but_not_content()
    {
        var normalization = new BodyNormalization
        {
            Ignore = [new Regex("name=\"csrf\" value=\"[^\"]*\""), new Regex(@"\d{4}-\d\d-\d\dT[\d:.]+Z")],
        };
        var a = "<p>Hello</p>\n  <input name=\"csrf\" value=\"abc123\">  <time>2026-11-27T02:00:00Z</time>";
        var b = "<p>Hello</p> <input name=\"csrf\" value=\"zzz999\">\t\t<time>2026-11-27T03:15:42.5Z</time>\n";
        ParityComparer.BodyHash(a, normalization).ShouldBe(ParityComparer.BodyHash(b, normalization));
        ParityComparer.Normalize(a, normalization).ShouldBe("<p>Hello</p> <input > <time></time>");

        ParityComparer.BodyHash(a.Replace("Hello", "Hallo", StringComparison.Ordinal), normalization).ShouldNotBe(ParityComparer.BodyHash(b, normalization));
        // Without the patterns the token alone makes the bodies differ; with whitespace kept, the spacing does.
        ParityComparer.BodyHash(a, new BodyNormalization()).ShouldNotBe(ParityComparer.BodyHash(b, new BodyNormalization()));
        ParityComparer.BodyHash("a  b", new BodyNormalization { CollapseWhitespace = false }).ShouldNotBe(ParityComparer.BodyHash("a b", new BodyNormalization { CollapseWhitespace = false }));
    }

    [Fact]
    public void The_standby_is_judged_slow_only_beyond_the_ratio_and_the_floor()
    {
        ParityComparer.Latency(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), 3).Verdict.ShouldBe(ParityVerdict.Drift);
        ParityComparer.Latency(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), 3).Verdict.ShouldBe(ParityVerdict.Same);
        // 2 ms against 20 ms on loopback is noise, not drift.
        ParityComparer.Latency(TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(20), 3).Verdict.ShouldBe(ParityVerdict.Same);
        ParityComparer.Latency(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(900), null).Verdict.ShouldBe(ParityVerdict.Same);
    }

    [Fact]
    public void Parity_mistakes_are_refused_with_file_line_and_field()
    {
        var yaml = BuiltinYaml(FreePort()) + """

                  parity:
                    primary: https://127.0.0.1:8443/app
                    standby: https://127.0.0.1:9443
                    latency_ratio: fast
                    requests:
                      - path: api/version
                      - path: /
                        body: { ignore: ['(unclosed'] }
                        json: [flags..checkout]
                    locales: [/de/, fr]
                    tls: { names: [example.test], ca_file: /nonexistent/ca.pem }
                    color: blue
            """;
        var errors = Should.Throw<ConfigException>(() => ConfigLoader.Load(yaml, "/etc/pharos/pharos.yaml")).Errors;
        var text = string.Join("\n", errors.Select(e => e.ToString()));
        errors.ShouldAllBe(e => e.File == "/etc/pharos/pharos.yaml");
        Line(errors, "failover.policies[1].parity.primary: 'https://127.0.0.1:8443/app' must be a base URL").ShouldBe(23, text);
        Line(errors, "'latency_ratio' must be a number").ShouldBe(25, text);
        Line(errors, "failover.policies[1].parity.requests[1]: 'api/version' must be a path starting with '/'").ShouldBe(27, text);
        Line(errors, "parity.requests[2].body.ignore: '(unclosed' is not a valid regular expression").ShouldBe(29, text);
        Line(errors, "parity.requests[2].json: 'flags..checkout' is not a dotted path").ShouldBe(30, text);
        Line(errors, "parity.locales: 'fr' must be a path").ShouldBe(31, text);
        Line(errors, "parity.tls.ca_file: cannot read /nonexistent/ca.pem").ShouldBe(32, text);
        Line(errors, "color").ShouldBe(33, text);
    }

    [Fact]
    public void A_minimal_parity_section_takes_the_policy_names_and_the_defaults()
    {
        var yaml = BuiltinYaml(FreePort()) + """

                  parity:
                    primary: https://127.0.0.1:8443
                    standby: https://127.0.0.2:8443
                    locales: [/de/]
            """;
        var parity = ConfigLoader.Load(yaml, "pharos.yaml").Failover.Find("shop")!.Parity!;
        parity.Host.ShouldBe("example.test");
        parity.Interval.ShouldBe(ParityConfig.DefaultInterval);
        parity.LatencyRatio.ShouldBe(3);
        parity.Requests.ShouldHaveSingleItem().Label.ShouldBe("locale GET /de/");
        // The wildcard record has no one name to ask a certificate for.
        parity.Tls!.Names.ShouldBe(["example.test", "www.example.test"]);
        parity.Tls.CaFile.ShouldBeNull();
        ConfigLoader.Load(BuiltinYaml(FreePort()), "pharos.yaml").Failover.Find("shop")!.Parity.ShouldBeNull();
    }

    private static int Line(IReadOnlyList<ConfigError> errors, string part) => errors.First(e => e.Message.Contains(part, StringComparison.Ordinal)).Line;

    private static SideAnswer Answer(string body, params (string Name, string Value)[] headers) => new()
    {
        Status = 200, Body = body, Headers = headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.Ordinal),
    };
}
