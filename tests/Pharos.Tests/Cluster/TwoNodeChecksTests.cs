using Dapper;
using Pharos.Monitoring.Division;
using Pharos.Monitoring.State;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Cluster;

public sealed class SqliteTwoNodeChecksTests() : TwoNodeChecksTests(SqlDialect.Sqlite);

public sealed class PostgresTwoNodeChecksTests() : TwoNodeChecksTests(SqlDialect.Postgres);

/// <summary>
/// Two nodes on one database divide the checks, each follows the other's results, a state change is written once,
/// and the survivor takes over the checks of a node that leaves, knowing their state.
/// </summary>
public abstract class TwoNodeChecksTests(SqlDialect dialect) : DialectAppTests(dialect)
{
    private const int Count = 16;

    private static Func<PharosConfig, PharosConfig> AsNode(string id) =>
        c => c with { Node = c.Node with { Id = id, LeaseTtl = TimeSpan.FromSeconds(3), Heartbeat = TimeSpan.FromMilliseconds(400) } };

    private static Task Until(Func<bool> condition, string what) => Eventually.TrueAsync(condition, TimeSpan.FromSeconds(20), what);

    [SkippableFact]
    public async Task Nodes_divide_the_checks_follow_each_others_results_and_take_over_a_leaving_nodes_share()
    {
        var failing = new HashSet<string>(StringComparer.Ordinal);
        await using var server = await LoopbackServer.StartAsync(ctx =>
        {
            bool fail;
            lock (failing)
            {
                fail = failing.Contains(ctx.Request.Path.Value!.Trim('/'));
            }

            ctx.Response.StatusCode = fail ? 500 : 200;
            return Task.CompletedTask;
        });
        var yaml = MonitorTestConfigs.Site + "\nchecks:\n" + string.Concat(Enumerable.Range(1, Count).Select(i => $"""
              - id: c{i:00}
                name: Check {i}
                type: http
                component: {(i % 2 == 0 ? "app" : "domains")}
                url: {server.Url($"/c{i:00}")}
                interval: 1s
                timeout: 1s
                fail_after: 1
                recover_after: 1

            """));
        using var data = new TempDir();
        var a = await StartAppAsync(yaml, dataDirectory: data.Path, adjust: AsNode("a"));
        try
        {
            await using var b = await StartAppAsync(yaml, dataDirectory: data.Path, adjust: AsNode("b"));
            var divA = a.Services.GetRequiredService<NodeCheckDivision>();
            var divB = b.Services.GetRequiredService<NodeCheckDivision>();
            await Until(() => divA.Members.Count == 2 && divB.Members.Count == 2, "each node sees the other");
            var runA = divA.Current.Select(c => c.Id).ToHashSet();
            var runB = divB.Current.Select(c => c.Id).ToHashSet();
            runA.ShouldNotBeEmpty();
            runB.ShouldNotBeEmpty();
            runA.Overlaps(runB).ShouldBeFalse("no check runs on both nodes");
            runA.Union(runB).Count().ShouldBe(Count, "every check runs somewhere");

            await a.AddUserAsync("root", Pharos.Accounts.UserRole.Admin);
            await a.AddUserAsync("ed", Pharos.Accounts.UserRole.Editor);
            using (var admin = new AdminBrowser(a))
            using (var editor = new AdminBrowser(a))
            {
                await admin.SignInAsync("root");
                var html = await (await admin.GetAsync("/admin/nodes")).Content.ReadAsStringAsync();
                var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
                var rows = doc.QuerySelectorAll("#nodes tbody tr").ToDictionary(r => r.GetAttribute("data-node")!);
                rows.Keys.Order().ShouldBe(["a", "b"]);
                rows["a"].QuerySelector(".checks")!.TextContent.ShouldBe(runA.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                rows["b"].QuerySelector(".checks")!.TextContent.ShouldBe(runB.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                rows.Values.Count(r => r.GetAttribute("data-leader") == "true").ShouldBe(1);
                await editor.SignInAsync("ed");
                (await editor.GetAsync("/admin/nodes")).StatusCode.ShouldBeOneOf(System.Net.HttpStatusCode.Forbidden, System.Net.HttpStatusCode.Redirect);
            }

            // A check b runs goes down: a learns it from b's results, and the change is written once.
            var check = runB.Order().First();
            lock (failing)
            {
                failing.Add(check);
            }

            var trackerA = a.Services.GetRequiredService<CheckTracker>();
            var trackerB = b.Services.GetRequiredService<CheckTracker>();
            await Until(() => trackerB.StateOf(check).Health == CheckHealth.Down, "b sees its check down");
            await Until(() => trackerA.StateOf(check).Health == CheckHealth.Down, "a follows b's results");
            a.Services.GetRequiredService<ResultFeed>().Followed.ShouldBeGreaterThan(0);
            {
                var db = await TestDatabases.OpenAgainAsync(a);
                await Eventually.TrueAsync(async () => await CountAsync(db, "check.down", check) == 1, TimeSpan.FromSeconds(10), "the down event written");
                // Both nodes saw the change; a few more rounds must not add a second event.
                var seen = a.Services.GetRequiredService<ResultFeed>().Followed;
                await Until(() => a.Services.GetRequiredService<ResultFeed>().Followed > seen + Count, "more rounds of b's results");
                (await CountAsync(db, "check.down", check)).ShouldBe(1, "one event per cluster, not per node");
            }

            // b leaves: a takes its share, already knowing the check is down, and writes its recovery once.
            await b.DisposeAsync();
            var left = (await a.Services.GetRequiredService<Pharos.Cluster.NodeDirectory>().ListAsync(CancellationToken.None)).Single(n => n.NodeId == "b");
            (left.Alive, left.StoppedAt is not null).ShouldBe((false, true), "b said it stopped");
            await Until(() => divA.Current.Count == Count, "a runs every check once b is gone");
            trackerA.StateOf(check).Health.ShouldBe(CheckHealth.Down, "taken over with its state");
            lock (failing)
            {
                failing.Clear();
            }

            await Until(() => trackerA.StateOf(check).Health == CheckHealth.Up, "a runs b's check now");
            {
                var db = await TestDatabases.OpenAgainAsync(a);
                await Eventually.TrueAsync(async () => await CountAsync(db, "check.up", check) == 1, TimeSpan.FromSeconds(10), "the recovery written once");
                (await CountAsync(db, "check.down", check)).ShouldBe(1, "taking over did not raise the down again");
            }
        }
        finally
        {
            await a.DisposeAsync();
        }
    }

    private static async Task<long> CountAsync(Database db, string kind, string subject)
    {
        await using var c = await db.OpenAsync(CancellationToken.None);
        return await c.ExecuteScalarAsync<long>("SELECT count(*) FROM domain_events WHERE kind = @kind AND subject_id = @subject", new { kind, subject });
    }
}
