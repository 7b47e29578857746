using Pharos.Monitoring.Checks;
using Pharos.Dns.Tests.Interop;
using Pharos.Tests.Support;

namespace Pharos.Tests.Monitoring;

public class DnsCheckTests
{
    private const string Zone = """
        $ORIGIN example.test.
        $TTL 300
        @   IN SOA ns1.example.test. hostmaster.example.test. 2026010101 3600 600 604800 300
            IN NS ns1
        ns1 IN A 127.0.0.1
        www IN A 127.0.0.10
        www IN A 127.0.0.11
        """;

    private static string Check(NsdServer nsd, string query, string extra = "") =>
        $"checks:\n  - id: dns\n    type: dns\n    component: app\n    server: {nsd.Endpoint}\n    query: {query}\n    timeout: 1s\n" + extra;

    [SkippableFact]
    public async Task Dns_check_against_real_nsd_passes_fails_on_wrong_answer_and_on_nxdomain()
    {
        using var nsd = await NsdServer.StartPrimaryAsync("example.test", Zone);

        var ok = await MonitorTestConfigs.RunOneAsync(Check(nsd, "www.example.test", "    expect_answers: [127.0.0.10, 127.0.0.11]\n"));
        ok.Outcome.ShouldBe(CheckOutcome.Up, ok.Message);

        var wrong = await MonitorTestConfigs.RunOneAsync(Check(nsd, "www.example.test", "    expect_answers: [127.0.0.99]\n"));
        wrong.Outcome.ShouldBe(CheckOutcome.Down);
        wrong.Message!.ShouldContain("lack 127.0.0.99");

        var missing = await MonitorTestConfigs.RunOneAsync(Check(nsd, "nope.example.test"));
        missing.Outcome.ShouldBe(CheckOutcome.Down);
        missing.Message!.ShouldContain("NXDomain");

        (await MonitorTestConfigs.RunOneAsync(Check(nsd, "nope.example.test", "    expect_rcode: NXDOMAIN\n"))).Outcome.ShouldBe(CheckOutcome.Up);
        (await MonitorTestConfigs.RunOneAsync(Check(nsd, "www.example.test", "    tcp: true\n"))).Outcome.ShouldBe(CheckOutcome.Up);
    }

    [SkippableFact]
    public async Task Dns_check_of_a_stopped_server_times_out()
    {
        var nsd = await NsdServer.StartPrimaryAsync("example.test", Zone);
        var yaml = Check(nsd, "www.example.test");
        nsd.Dispose();
        var r = await MonitorTestConfigs.RunOneAsync(yaml);
        r.Outcome.ShouldBe(CheckOutcome.Down);
    }
}
