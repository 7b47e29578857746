using Pharos.Failover.Parity;
using Pharos.Monitoring.Checks;
using Pharos.Tests.Support;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.Tests.Failover.Parity;

/// <summary>Parity between two real HTTPS environments on loopback, through the checker and `pharos parity`.</summary>
public sealed class ParityCheckTests
{
    [Fact]
    public async Task A_standby_locale_page_failing_and_a_certificate_missing_a_name_are_both_reported_with_the_request()
    {
        await using var envs = await ParityEnvironments.StartAsync("example.test");
        envs.StandbyFailing.Add("/fr/");
        var report = await RunAsync(envs);

        report.Clean.ShouldBeFalse();
        var locale = report.Drifts.Single(f => f.Request == "locale GET /fr/");
        (locale.Aspect, locale.Primary, locale.Standby).ShouldBe(("status", "200", "500"));
        var cert = report.Drifts.Single(f => f.Request == "TLS www.example.test");
        cert.Aspect.ShouldBe("covers name");
        cert.Primary.ShouldBe("yes");
        cert.Standby.ShouldBe("no (certificate for example.test)");
        // Nothing else differs: the other locale, the apex certificate, the version endpoint and the normalized body agree.
        report.Drifts.Count.ShouldBe(2, string.Join("\n", report.Drifts));
        report.Findings.ShouldContain(f => f.Request == "locale GET /de/" && f.Verdict == ParityVerdict.Same);
        report.Findings.Where(f => f.Request == "TLS example.test").ShouldAllBe(f => f.Verdict == ParityVerdict.Same);
        report.Findings.Single(f => f.Request == "GET /" && f.Aspect == "body").Verdict.ShouldBe(ParityVerdict.Same);
    }

    [Fact]
    public async Task A_clean_pair_reports_clean_and_the_command_exits_0_and_1_on_drift()
    {
        await using var envs = await ParityEnvironments.StartAsync();
        using var dir = new TempDir();
        var config = dir.Write("pharos.yaml", Yaml(envs));

        var (code, output) = await RunCli("parity", "shop", "--config", config);
        code.ShouldBe(0, output);
        output.ShouldContain("shop: clean: ");
        output.ShouldNotContain("DRIFT");

        envs.StandbyBuild = "1235";
        envs.StandbyFailing.Add("/de/");
        (code, output) = await RunCli("parity", "--config", config);
        code.ShouldBe(1, output);
        // Side by side: the request, the aspect, the primary's value, the standby's.
        output.ShouldMatch(@"DRIFT\s+locale GET /de/\s+status\s+200\s+500");
        output.ShouldMatch(@"DRIFT\s+GET /api/version\s+header x-build\s+1234\s+1235");
        output.ShouldMatch(@"DRIFT\s+GET /api/version\s+json build\s+1234\s+1235");

        (code, output) = await RunCli("parity", "nope", "--config", config);
        code.ShouldBe(2);
        output.ShouldContain("no failover policy 'nope'");

        // The runbook tells the operator to look before failing over by hand.
        (code, output) = await RunCli("failover", "runbook", "shop", "--config", config);
        code.ShouldBe(0, output);
        output.ShouldContain("- **Parity**: every 1d (and at start)");
        output.ShouldContain("`./pharos parity shop`");
    }

    [Fact]
    public async Task Json_fields_and_headers_that_differ_are_each_reported()
    {
        await using var envs = await ParityEnvironments.StartAsync();
        envs.StandbyBuild = "9999";
        envs.StandbyCheckout = "false";
        var report = await RunAsync(envs);

        var version = report.Findings.Where(f => f.Request == "GET /api/version").ToDictionary(f => f.Aspect);
        version["json flags.checkout"].ShouldSatisfyAllConditions(f => f.Verdict.ShouldBe(ParityVerdict.Drift), f => f.Primary.ShouldBe("true"), f => f.Standby.ShouldBe("false"));
        version["json build"].Standby.ShouldBe("9999");
        version["header x-build"].Verdict.ShouldBe(ParityVerdict.Drift);
        version["json version"].Verdict.ShouldBe(ParityVerdict.Same);
        version["header content-type"].Verdict.ShouldBe(ParityVerdict.Same);
        version["status"].Verdict.ShouldBe(ParityVerdict.Same);
    }

    [Fact]
    public async Task Without_a_ca_file_a_private_chain_is_reported_as_not_trusted_on_both_sides()
    {
        await using var envs = await ParityEnvironments.StartAsync();
        var policy = ConfigLoader.Load(Yaml(envs).Replace($"ca_file: \"{envs.CaFile}\", ", "", StringComparison.Ordinal), "pharos.yaml").Failover.Find("shop")!;
        using var http = new HttpHandlerPool();
        var report = await new ParityChecker(http, TimeProvider.System).RunAsync("shop", policy.Parity!, CancellationToken.None);

        var chain = report.Findings.First(f => f.Request == "TLS example.test" && f.Aspect == "chain");
        chain.Verdict.ShouldBe(ParityVerdict.Drift);
        chain.Primary.ShouldStartWith("not trusted");
        chain.Standby.ShouldStartWith("not trusted");
    }

    [Fact]
    public async Task A_standby_that_does_not_answer_is_one_difference_per_request_not_an_exception()
    {
        await using var envs = await ParityEnvironments.StartAsync();
        var yaml = Yaml(envs);
        await envs.Standby.StopAsync();
        var report = await RunAsync(envs, yaml);

        report.Drifts.ShouldContain(f => f.Request == "GET /api/version" && f.Aspect == "answer" && f.Primary == "answered");
        report.Drifts.ShouldContain(f => f.Request == "TLS example.test" && f.Aspect == "handshake" && f.Primary == "ok");
    }

    [Fact]
    public async Task A_standby_slower_than_the_latency_ratio_allows_is_drift()
    {
        await using var envs = await ParityEnvironments.StartAsync();
        envs.StandbyDelay = TimeSpan.FromMilliseconds(300);
        var report = await RunAsync(envs, BuiltinYaml(FreePort()) + "\n" + envs.ParityYaml(latencyRatio: "2"));

        var latency = report.Drifts.ShouldHaveSingleItem();
        (latency.Request, latency.Aspect).ShouldBe(("all requests", "latency (limit x2)"));
        int.Parse(latency.Standby.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(4 * 300);
    }

    [Fact]
    public async Task A_standby_certificate_from_another_issuer_is_drift_in_issuer_and_chain()
    {
        await using var envs = await ParityEnvironments.StartAsync(otherIssuer: true);
        var report = await RunAsync(envs);

        report.Drifts.Where(f => f.Request == "TLS example.test").Select(f => f.Aspect).ShouldBe(["chain", "issuer"]);
        var chain = report.Drifts.First(f => f.Aspect == "chain");
        (chain.Primary, chain.Standby).ShouldBe(("trusted", "not trusted: PartialChain"));
    }

    [Fact]
    public async Task Certificates_expiring_soon_are_a_warning_and_expired_ones_are_drift()
    {
        await using var envs = await ParityEnvironments.StartAsync();
        var policy = ConfigLoader.Load(Yaml(envs), "pharos.yaml").Failover.Find("shop")!;
        using var http = new HttpHandlerPool();

        // The test certificates live 90 days: at day 80 both expire within the 14-day warning, at day 100 they have expired.
        var soon = await new ParityChecker(http, new FakeTime(DateTimeOffset.UtcNow.AddDays(80))).RunAsync("shop", policy.Parity!, CancellationToken.None);
        soon.Clean.ShouldBeTrue(string.Join("\n", soon.Drifts));
        soon.Warnings.Select(f => (f.Request, f.Aspect)).ShouldBe([("TLS example.test", "expires"), ("TLS www.example.test", "expires")]);
        soon.Warnings[0].Standby.ShouldEndWith("(in 9 d)");

        var late = await new ParityChecker(http, new FakeTime(DateTimeOffset.UtcNow.AddDays(100))).RunAsync("shop", policy.Parity!, CancellationToken.None);
        late.Drifts.Where(f => f.Aspect == "expires").ShouldAllBe(f => f.Primary.EndsWith("(expired)") && f.Standby.EndsWith("(expired)"));
        late.Drifts.Count(f => f.Aspect == "expires").ShouldBe(2);
    }

    internal static string Yaml(ParityEnvironments envs) => BuiltinYaml(FreePort()) + "\n" + envs.ParityYaml();

    private static async Task<ParityReport> RunAsync(ParityEnvironments envs, string? yaml = null)
    {
        var policy = ConfigLoader.Load(yaml ?? Yaml(envs), "pharos.yaml").Failover.Find("shop")!;
        using var http = new HttpHandlerPool();
        var report = await new ParityChecker(http, TimeProvider.System).RunAsync("shop", policy.Parity!, CancellationToken.None);
        report.Findings.ShouldNotBeEmpty();
        return report;
    }
}
