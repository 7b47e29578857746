using Pharos.Failover;
using Pharos.Failover.Drills;
using Pharos.Failover.Parity;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.Tests.Failover.Drills;

/// <summary>Parity as a drill's pre-check: a standby that differs stops the drill before anything moves, with what differs.</summary>
public sealed class ParityPrecheckTests
{
    private sealed class Reports(ParityReport report) : IParityCheck
    {
        public int Runs { get; private set; }

        public Task<ParityReport> RunAsync(string policyId, CancellationToken ct)
        {
            Runs++;
            return Task.FromResult(report with { PolicyId = policyId });
        }
    }

    private static DrillPrecheckContext Context(bool withParity)
    {
        var yaml = BuiltinYaml(FreePort()) + (withParity ? """

                  parity:
                    primary: https://127.0.0.1:8443
                    standby: https://127.0.0.2:8443
                    locales: [/fr/]
            """ : "");
        var policy = ConfigLoader.Load(yaml, "pharos.yaml").Failover.Find("shop")!;
        var machine = new FailoverMachine(policy);
        var now = DateTimeOffset.UtcNow;
        return new DrillPrecheckContext(policy, machine.Initial(now), machine, now);
    }

    [Fact]
    public async Task A_standby_that_differs_fails_the_precheck_with_the_request_and_both_values()
    {
        var drift = new ParityReport
        {
            PolicyId = "shop",
            At = DateTimeOffset.UtcNow,
            Findings =
            [
                new ParityFinding { Request = "locale GET /fr/", Aspect = "status", Primary = "200", Standby = "500", Verdict = ParityVerdict.Drift },
                new ParityFinding { Request = "GET /", Aspect = "status", Primary = "200", Standby = "200", Verdict = ParityVerdict.Same },
            ],
        };
        var reports = new Reports(drift);
        var result = await new ParityPrecheck(reports).CheckAsync(Context(withParity: true), CancellationToken.None);
        result.Passed.ShouldBeFalse();
        result.Detail.ShouldContain("locale GET /fr/ status: primary 200, standby 500");
        reports.Runs.ShouldBe(1, "a fresh comparison, not the last stored one");

        var clean = new ParityPrecheck(new Reports(drift with { Findings = [drift.Findings[1]] }));
        (await clean.CheckAsync(Context(withParity: true), CancellationToken.None)).Passed.ShouldBeTrue();
    }

    [Fact]
    public async Task A_policy_without_a_parity_section_passes_without_comparing()
    {
        var reports = new Reports(new ParityReport { PolicyId = "shop", At = DateTimeOffset.UtcNow, Skipped = "no parity section" });
        var result = await new ParityPrecheck(reports).CheckAsync(Context(withParity: false), CancellationToken.None);
        result.Passed.ShouldBeTrue();
        reports.Runs.ShouldBe(0);
    }
}
