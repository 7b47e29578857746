using Dapper;
using Pharos.Failover.Parity;
using Pharos.Notifications.Channels;
using Pharos.Storage;
using Pharos.Tests.Support;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.Tests.Failover.Parity;

public sealed class SqliteParityServiceTests() : ParityServiceTests(SqlDialect.Sqlite);

public sealed class PostgresParityServiceTests() : ParityServiceTests(SqlDialect.Postgres);

/// <summary>The scheduled parity run in a running app: stored per policy, alerted once, cleared once, shown and run from the admin.</summary>
public abstract class ParityServiceTests(SqlDialect dialect) : DialectAppTests(dialect)
{
    [SkippableFact]
    public async Task Drift_is_stored_alerted_once_and_its_end_once_and_the_admin_shows_it_side_by_side()
    {
        await using var envs = await ParityEnvironments.StartAsync();
        envs.StandbyFailing.Add("/fr/");
        var ops = new CapturingChannel("ops");
        await using var app = await StartAppAsync(ParityCheckTests.Yaml(envs) + "\n" + Routes, configure: s => s.AddSingleton<INotificationChannel>(ops));
        var store = app.Services.GetRequiredService<ParityStore>();
        var check = app.Services.GetRequiredService<IParityCheck>();

        // The leading node runs it at start.
        await Until(async () => await store.LatestAsync("shop", CancellationToken.None) is not null, TimeSpan.FromSeconds(20), "the parity run at start");
        var first = (await store.LatestAsync("shop", CancellationToken.None))!;
        first.HasDrift.ShouldBeTrue();
        first.Drifts.ShouldHaveSingleItem().ToString().ShouldBe("locale GET /fr/ status: primary 200, standby 500");
        (await ParityEvents(app)).ShouldBe(["parity.drift"]);

        // The same difference again raises nothing; the time it began is kept.
        var again = await check.RunAsync("shop", CancellationToken.None);
        again.Clean.ShouldBeFalse();
        again.DriftSince.ShouldBe(first.At);
        (await ParityEvents(app)).ShouldBe(["parity.drift"]);

        await app.AddUserAsync("ada", Pharos.Accounts.UserRole.Admin);
        using var browser = new AdminBrowser(app);
        await browser.SignInAsync("ada");
        var page = await (await browser.GetAsync("/admin/failover/shop")).Content.ReadAsStringAsync();
        page.ShouldContain("data-parity=\"drift\"");
        page.ShouldMatch(@"<tr data-verdict=""drift""><td>locale GET /fr/</td><td>status</td><td>200</td><td>500</td>");

        // Fixed on the standby, then "run now" from the admin: clean, the recovery raised once, the run audited.
        envs.StandbyFailing.Clear();
        var response = await browser.PostFormAsync("/admin/failover/shop", "/admin/failover/shop/parity", []);
        ((int)response.StatusCode).ShouldBe(303, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.ToString().ShouldStartWith("/admin/failover/shop?notice=Parity%3A%20clean");
        (await (await browser.GetAsync("/admin/failover/shop")).Content.ReadAsStringAsync()).ShouldContain("data-parity=\"clean\"");
        (await store.LatestAsync("shop", CancellationToken.None))!.Clean.ShouldBeTrue();
        (await check.RunAsync("shop", CancellationToken.None)).Clean.ShouldBeTrue();
        (await ParityEvents(app)).ShouldBe(["parity.drift", "parity.cleared"]);
        // Through the outbox and the route, like every operational event: the drift with the request that differs, then its end.
        await Until(() => ops.Delivered.Count >= 2, TimeSpan.FromSeconds(20), "both notices delivered");
        ops.Delivered.Select(m => m.Notice.Kind).ShouldBe(["parity.drift", "parity.cleared"]);
        ops.Delivered[0].Notice.Text.ShouldContain("- locale GET /fr/ status: primary 200, standby 500");
        var audit = await app.Services.GetRequiredService<IAuditStore>().QueryAsync(new Pharos.Audit.AuditQuery { Action = "parity.run" }, CancellationToken.None);
        audit.ShouldHaveSingleItem().ShouldSatisfyAllConditions(a => a.Actor.Name.ShouldBe("ada"), a => a.TargetId.ShouldBe("shop"), a => a.Summary.ShouldContain("clean"));
        (await store.RunsAsync("shop", 10, CancellationToken.None)).Count.ShouldBe(4);
    }

    [SkippableFact]
    public async Task Run_now_without_the_csrf_token_is_refused_and_nothing_runs()
    {
        await using var envs = await ParityEnvironments.StartAsync();
        await using var app = await StartAppAsync(ParityCheckTests.Yaml(envs));
        var store = app.Services.GetRequiredService<ParityStore>();
        await Until(async () => await store.LatestAsync("shop", CancellationToken.None) is not null, TimeSpan.FromSeconds(20), "the parity run at start");
        await app.AddUserAsync("ada", Pharos.Accounts.UserRole.Admin);
        using var browser = new AdminBrowser(app);
        await browser.SignInAsync("ada");

        var response = await browser.PostFormAsync("/admin/failover/shop", "/admin/failover/shop/parity", [], withToken: false);
        ((int)response.StatusCode).ShouldBe(400);
        (await store.RunsAsync("shop", 10, CancellationToken.None)).Count.ShouldBe(1);
    }

    /// <summary>A route for parity events to the channel `ops`, which the test's capturing channel stands in for.</summary>
    private const string Routes = """
        notifications:
          channels:
            - id: ops
              type: webhook
              url: http://127.0.0.1:9/ops
          routes:
            - id: parity
              events: [parity.*]
              channels: [ops]
        """;

    private static async Task<List<string>> ParityEvents(TestApp app)
    {
        await using var c = await app.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        return (await c.QueryAsync<string>("SELECT kind FROM domain_events WHERE kind LIKE 'parity.%' ORDER BY sequence")).ToList();
    }
}
