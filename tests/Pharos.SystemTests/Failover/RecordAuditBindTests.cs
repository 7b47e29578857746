using System.Net;
using Dapper;
using Pharos.Dns.Tests.Interop;
using Pharos.Failover;
using Pharos.Failover.Audit;
using Pharos.Failover.Runbook;
using Pharos.Storage;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.SystemTests.Failover;

/// <summary>The live-record audit and the runbook's manual commands against a real BIND 9 primary on loopback.</summary>
public sealed class RecordAuditBindTests
{
    private const string KeyName = "pharos-update";
    private const string Secret = "cGhhcm9zLXRlc3Qtc2VjcmV0LWZvci11cGRhdGVzIQ==";
    private static readonly char[] Whitespace = [' ', '\t'];

    private static string Zone(int wwwTtl, string extra = "") => $"""
        $ORIGIN example.test.
        $TTL 60
        @    IN SOA ns1 hostmaster 1 3600 600 86400 60
        @    IN NS  ns1
        ns1  IN A   127.0.0.53
        @    IN A   127.0.0.10
        www  {wwwTtl} IN A   127.0.0.10
        *    IN A   127.0.0.10
        {extra}
        """;

    private static string Yaml(IPEndPoint server, string keyFile, string sides) => $$"""
        site:
          name: Shop
        components:
          - id: app
            name: App
        failover:
          policies:
            - id: shop
              zone: example.test
              provider: { type: rfc2136, server: "{{server}}", tsig_key_file: "{{keyFile}}" }
              nameservers: ["{{server}}"]
              records: ["@", www, "*"]
              ttl: 60s
              {{sides}}
              components: [app]
              trigger: { checks: [primary-http], fail_after: 3 }
              failback: { mode: manual }
        """;

    [SkippableFact]
    public async Task A_ttl_of_28800_set_by_hand_on_bind_is_reported_at_start_before_any_failure()
    {
        using var bind = await BindServer.StartAsync("example.test", Zone(wwwTtl: 28800), KeyName, Secret);
        using var dir = new TempDir();
        var keyFile = dir.Write("update.key", $"key \"{KeyName}\" {{ algorithm hmac-sha256; secret \"{Secret}\"; }};");
        await using var app = await TestApp.StartAsync(Yaml(bind.Endpoint, keyFile, "primary: { A: [127.0.0.10] }\n      failover: { A: [127.0.0.20] }"));
        var store = app.Services.GetRequiredService<RecordAuditStore>();
        await Until(async () => await store.LatestAsync("shop", CancellationToken.None) is not null, what: "the audit at start");

        var audit = (await store.LatestAsync("shop", CancellationToken.None))!;
        var www = audit.Drifts.ShouldHaveSingleItem();
        www.Source.ShouldBe(bind.Endpoint.ToString());
        www.Name.ShouldBe("www.example.test.");
        www.Drift.ShouldBe([DriftKind.Ttl]);
        (www.ExpectedTtl, www.FoundTtl).ShouldBe((60u, (uint?)28800));
        www.ToString().ShouldContain("expected 127.0.0.10 ttl 60, found 127.0.0.10 ttl 28800");

        // Before any failure: nothing moved, and operators were told once.
        (await app.Services.GetRequiredService<FailoverController>().CurrentAsync("shop")).State.ShouldBe(FailoverState.Primary);
        (await app.Services.GetRequiredService<IFailoverStore>().GetTransitionsAsync("shop", 10, CancellationToken.None)).ShouldBeEmpty();
        await using (var c = await app.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None))
        {
            var detail = (await c.QueryAsync<string>("SELECT detail FROM domain_events WHERE kind = 'failover.record_drift'")).ShouldHaveSingleItem();
            detail.ShouldContain("www.example.test.");
            detail.ShouldContain("ttl 28800");
        }

        var (code, output) = await RunCli("failover", "audit", "--data", app.DataDirectory, "--config", Path.Combine(app.DataDirectory, "pharos.yaml"));
        code.ShouldBe(1, output);
        output.ShouldContain("shop: drift: 1 of 3 record sets differ");
        output.ShouldContain($"DRIFT {bind.Endpoint} www.example.test. A: ttl: expected 127.0.0.10 ttl 60, found 127.0.0.10 ttl 28800");

        await app.AddUserAsync("olga", Pharos.Accounts.UserRole.Viewer);
        using var browser = new AdminBrowser(app);
        await browser.SignInAsync("olga");
        var page = await (await browser.GetAsync("/admin/failover/shop")).Content.ReadAsStringAsync();
        page.ShouldContain("data-audit=\"drift\"");
        page.ShouldContain("<td>127.0.0.10 ttl 28800</td>");
    }

    [SkippableFact]
    public async Task The_runbooks_nsupdate_commands_move_the_records_on_bind_both_ways()
    {
        ExternalTool.Require("nsupdate");
        using var bind = await BindServer.StartAsync("example.test", Zone(60, "@ IN AAAA fd00::10\nwww IN AAAA fd00::10\n* IN AAAA fd00::10"), KeyName, Secret);
        using var dir = new TempDir();
        var keyFile = dir.Write("update.key", $"key \"{KeyName}\" {{ algorithm hmac-sha256; secret \"{Secret}\"; }};");
        var config = dir.Write("pharos.yaml", Yaml(bind.Endpoint, keyFile, "primary: { A: [127.0.0.10], AAAA: [\"fd00::10\"] }\n      failover: { A: [127.0.0.20, 127.0.0.21] }"));
        var (code, runbook) = await RunCli("failover", "runbook", "shop", "--config", config);
        code.ShouldBe(0, runbook);
        runbook.ShouldContain($"nsupdate -k {keyFile} <<'EOF'");

        await RunAsync(Block(runbook, PolicyRunbook.ToFailoverHeading));
        foreach (var name in new[] { "example.test", "www.example.test", "*.example.test" })
        {
            (await Answers(bind.Port, name, "A")).ShouldBe([$"{name}. 60 IN A 127.0.0.20", $"{name}. 60 IN A 127.0.0.21"]);
            (await Answers(bind.Port, name, "AAAA")).ShouldBeEmpty("the failover side has no AAAA");
        }

        // The runbook's own verification asks the server and sees the failover side.
        (await RunAsync(Block(runbook, "## Verify"))).ShouldContain("www.example.test.\t60\tIN\tA\t127.0.0.20");

        await RunAsync(Block(runbook, PolicyRunbook.ToPrimaryHeading));
        (await Answers(bind.Port, "www.example.test", "A")).ShouldBe(["www.example.test. 60 IN A 127.0.0.10"]);
        (await Answers(bind.Port, "www.example.test", "AAAA")).ShouldBe(["www.example.test. 60 IN AAAA fd00::10"]);
    }

    /// <summary>The first ```sh block after the heading: what an operator would paste.</summary>
    private static string Block(string markdown, string heading)
    {
        var section = markdown[(markdown.IndexOf(heading, StringComparison.Ordinal) + heading.Length)..];
        var start = section.IndexOf("```sh\n", StringComparison.Ordinal) + "```sh\n".Length;
        return section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
    }

    private static async Task<string> RunAsync(string script)
    {
        var (exit, output, error) = await ExternalTool.RunAsync("/bin/bash", ["-c", script], TimeSpan.FromSeconds(30));
        exit.ShouldBe(0, $"{script}\n{error}");
        return output;
    }

    private static async Task<IReadOnlyList<string>> Answers(int port, string name, string type)
    {
        var output = await Pharos.Dns.Tests.Interop.Dig.RunAsync(port, "+norecurse", "+noall", "+answer", name, type);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => string.Join(" ", l.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries)))
            .Order(StringComparer.Ordinal).ToList();
    }
}
