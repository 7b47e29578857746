using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Pharos.Failover;
using Pharos.Failover.Audit;
using Pharos.Storage;
using Pharos.Tests.Support;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.Tests.Failover;

/// <summary>The live-record audit against the built-in server and the Cloudflare API stand-in.</summary>
public sealed class RecordAuditTests
{
    private static string CloudflareYaml(Uri api, string tokenFile) => $$"""
        site:
          name: Shop
        components:
          - id: app
            name: App
        failover:
          policies:
            - id: shop
              zone: example.test
              provider: { type: cloudflare, zone_id: {{FakeCloudflare.ZoneId}}, api_base: "{{api}}", api_token_file: "{{tokenFile}}" }
              records: ["@", www]
              ttl: 60s
              primary: { A: [127.0.0.10] }
              failover: { A: [127.0.0.20] }
              components: [app]
              trigger: { checks: [primary-http], fail_after: 3 }
              failback: { mode: manual }
        """;

    [SkippableFact]
    public async Task Builtin_records_as_published_audit_clean_at_start_and_show_so_on_the_policy_page()
    {
        var port = FreePort();
        await using var app = await TestApp.StartAsync(BuiltinYaml(port));
        var store = app.Services.GetRequiredService<RecordAuditStore>();
        await Until(async () => await store.LatestAsync("shop", CancellationToken.None) is not null, what: "the audit at start");

        var audit = (await store.LatestAsync("shop", CancellationToken.None))!;
        audit.Skipped.ShouldBeNull();
        audit.HasDrift.ShouldBeFalse(string.Join("\n", audit.Findings));
        audit.Side.ShouldBe(FailoverSide.Primary);
        // @, www and * on the built-in server's one socket.
        audit.Findings.Select(f => f.Name).Order(StringComparer.Ordinal).ShouldBe(["*.example.test.", "example.test.", "www.example.test."]);
        audit.Findings.ShouldAllBe(f => f.FoundTtl == 30 && f.Found.SequenceEqual(new[] { "127.0.0.10" }));
        (await DriftEvents(app)).ShouldBeEmpty();
        (await store.RunsAsync("shop", 10, CancellationToken.None)).ShouldNotBeEmpty();

        await app.AddUserAsync("olga", Pharos.Accounts.UserRole.Viewer);
        using var browser = new AdminBrowser(app);
        await browser.SignInAsync("olga");
        var page = await (await browser.GetAsync("/admin/failover/shop")).Content.ReadAsStringAsync();
        page.ShouldContain("data-audit=\"clean\"");
        page.ShouldContain("clean: 3 record sets as expected");
    }

    [Fact]
    public async Task A_record_changed_through_the_cloudflare_api_is_drift_alerted_once_and_its_repair_once()
    {
        await using var cf = await FakeCloudflare.StartAsync();
        cf.Seed("A", "example.test", "127.0.0.10", 60);
        cf.Seed("A", "www.example.test", "127.0.0.10", 60);
        using var dir = new TempDir();
        await using var app = await TestApp.StartAsync(CloudflareYaml(cf.BaseAddress, dir.Write("token", FakeCloudflare.Token)));
        var store = app.Services.GetRequiredService<RecordAuditStore>();
        var service = app.Services.GetRequiredService<RecordAuditService>();
        await Until(async () => await store.LatestAsync("shop", CancellationToken.None) is not null, what: "the audit at start");
        (await store.LatestAsync("shop", CancellationToken.None))!.HasDrift.ShouldBeFalse();

        // Someone edits www by hand in Cloudflare: another address, and a TTL of eight hours.
        await ReplaceAsync(cf, "www.example.test", "127.0.0.99", 28800);
        var drifted = (await service.RunOnceAsync(CancellationToken.None)).Single();
        var www = drifted.Drifts.ShouldHaveSingleItem();
        www.Source.ShouldBe("cloudflare API");
        www.Name.ShouldBe("www.example.test.");
        www.Drift.ShouldBe([DriftKind.Value, DriftKind.Ttl]);
        www.ToString().ShouldContain("expected 127.0.0.10 ttl 60, found 127.0.0.99 ttl 28800");
        (await DriftEvents(app)).ShouldBe(["failover.record_drift"]);

        // The same drift at the next run is not alerted again.
        (await service.RunOnceAsync(CancellationToken.None)).Single().HasDrift.ShouldBeTrue();
        (await DriftEvents(app)).ShouldBe(["failover.record_drift"]);
        (await store.LatestAsync("shop", CancellationToken.None))!.DriftSince.ShouldBe(drifted.At);

        await ReplaceAsync(cf, "www.example.test", "127.0.0.10", 60);
        (await service.RunOnceAsync(CancellationToken.None)).Single().HasDrift.ShouldBeFalse();
        (await DriftEvents(app)).ShouldBe(["failover.record_drift", "failover.record_drift_cleared"]);

        var (code, output) = await RunCli("failover", "audit", "shop", "--data", app.DataDirectory, "--config", Path.Combine(app.DataDirectory, "pharos.yaml"));
        code.ShouldBe(0, output);
        output.ShouldContain("shop: clean: 2 record sets as expected");
    }

    [SkippableFact]
    public async Task The_runbooks_cloudflare_calls_move_the_records_both_ways_through_the_api()
    {
        Pharos.Dns.Tests.Interop.ExternalTool.Require("curl");
        Pharos.Dns.Tests.Interop.ExternalTool.Require("jq");
        await using var cf = await FakeCloudflare.StartAsync();
        cf.Seed("A", "example.test", "127.0.0.10", 60);
        cf.Seed("A", "www.example.test", "127.0.0.10", 60);
        cf.Seed("TXT", "www.example.test", "left alone");
        using var dir = new TempDir();
        var config = dir.Write("pharos.yaml", CloudflareYaml(cf.BaseAddress, dir.Write("token", FakeCloudflare.Token)));
        var (code, runbook) = await RunCli("failover", "runbook", "shop", "--config", config);
        code.ShouldBe(0, runbook);

        await RunScriptAsync(Block(runbook, Pharos.Failover.Runbook.PolicyRunbook.ToFailoverHeading));
        cf.Contents("A", "example.test").ShouldBe(["127.0.0.20/60"]);
        cf.Contents("A", "www.example.test").ShouldBe(["127.0.0.20/60"]);
        cf.Contents("TXT", "www.example.test").ShouldBe(["left alone/300"]);
        cf.Batches.ShouldBe(1);

        await RunScriptAsync(Block(runbook, Pharos.Failover.Runbook.PolicyRunbook.ToPrimaryHeading));
        cf.Contents("A", "www.example.test").ShouldBe(["127.0.0.10/60"]);
    }

    [Fact]
    public void An_audit_interval_below_ten_seconds_is_refused_with_its_line()
    {
        var yaml = "site:\n  name: Shop\nfailover:\n  audit_interval: 1s\n";
        var error = Should.Throw<Pharos.Config.ConfigException>(() => Pharos.Hosting.ConfigLoader.Load(yaml, "pharos.yaml")).Errors.ShouldHaveSingleItem();
        error.Line.ShouldBe(4);
        error.Message.ShouldContain("'audit_interval' must be between 10s and 1d");
        Pharos.Hosting.ConfigLoader.Load("site:\n  name: Shop\nfailover:\n  audit_interval: 2m\n", "pharos.yaml").Failover.AuditInterval.ShouldBe(TimeSpan.FromMinutes(2));
    }

    /// <summary>The first ```sh block after the heading: what an operator would paste.</summary>
    private static string Block(string markdown, string heading)
    {
        var section = markdown[(markdown.IndexOf(heading, StringComparison.Ordinal) + heading.Length)..];
        var start = section.IndexOf("```sh\n", StringComparison.Ordinal) + "```sh\n".Length;
        return section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
    }

    private static async Task RunScriptAsync(string script)
    {
        var (exit, output, error) = await Pharos.Dns.Tests.Interop.ExternalTool.RunAsync("/bin/bash", ["-c", "set -eo pipefail\n" + script], TimeSpan.FromSeconds(30));
        exit.ShouldBe(0, $"{script}\n{error}{output}");
    }

    /// <summary>A hand edit through the API, as the dashboard does it: the record's id, then a batch.</summary>
    private static async Task ReplaceAsync(FakeCloudflare cf, string name, string content, int ttl)
    {
        using var http = new HttpClient { BaseAddress = cf.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FakeCloudflare.Token);
        var list = await http.GetFromJsonAsync<JsonElement>($"zones/{FakeCloudflare.ZoneId}/dns_records?type=A&name={name}");
        var ids = list.GetProperty("result").EnumerateArray().Select(r => new { id = r.GetProperty("id").GetString() }).ToList();
        var response = await http.PostAsJsonAsync($"zones/{FakeCloudflare.ZoneId}/dns_records/batch", new
        {
            deletes = ids,
            posts = new[] { new { type = "A", name, content, ttl, proxied = false } },
        });
        response.EnsureSuccessStatusCode();
    }

    private static async Task<List<string>> DriftEvents(TestApp app)
    {
        await using var c = await app.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        return (await c.QueryAsync<string>("SELECT kind FROM domain_events WHERE kind LIKE 'failover.record%' ORDER BY sequence")).ToList();
    }
}
