using System.Net;
using Pharos.Audit;
using Pharos.Failover;
using Pharos.Failover.Commands;
using Pharos.Storage;
using Pharos.Tests.Support;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.Tests.Failover;

/// <summary>Operator commands mean what they say: success only once saved, failures answered as failures, each run once.</summary>
public sealed class SqliteFailoverCommandTests() : FailoverCommandTests(SqlDialect.Sqlite);

public sealed class PostgresFailoverCommandTests() : FailoverCommandTests(SqlDialect.Postgres);

/// <summary>These tests, run with the app on SQLite and on PostgreSQL.</summary>
public abstract class FailoverCommandTests(SqlDialect dialect) : DialectAppTests(dialect)
{
    [SkippableFact]
    public async Task An_api_command_whose_state_cannot_be_saved_is_a_503_with_no_audit_row_and_nothing_moves()
    {
        var port = FreePort();
        await using var app = await StartAppAsync(BuiltinYaml(port));
        using var admin = await app.ApiClientAsync("admin");
        var db = app.Services.GetRequiredService<Database>();

        await using (await db.BreakWritesAsync("failover_state"))
        {
            var refused = await admin.PostJsonAsync("/api/v1/failover/shop/to-failover", new { reason = "drill" });
            refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await refused.JsonAsync()).GetProperty("detail").GetString()!.ShouldContain("could not be saved, so nothing changed");
        }

        (await Audit(app, "failover.")).ShouldBeEmpty("no audit row claims a move that was not saved");
        var controller = app.Services.GetRequiredService<FailoverController>();
        (await controller.CurrentAsync("shop")).State.ShouldBe(FailoverState.Primary);
        (await app.Services.GetRequiredService<IFailoverStore>().GetTransitionsAsync("shop", 10, CancellationToken.None)).ShouldBeEmpty();
        (await Dig("www.example.test", port)).ShouldBe("127.0.0.10");

        // Healed, the same command succeeds, and by the time it is answered the state is in the database.
        var ok = await admin.PostJsonAsync("/api/v1/failover/shop/to-failover", new { reason = "drill" });
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.Services.GetRequiredService<IFailoverStore>().LoadStateAsync("shop", CancellationToken.None))!.State.ShouldBe(FailoverState.Pinned);
        (await Audit(app, "failover.to-failover")).ShouldHaveSingleItem();
    }

    [SkippableFact]
    public async Task A_cli_command_whose_state_cannot_be_saved_exits_non_zero_and_is_listed_as_failed()
    {
        var port = FreePort();
        await using var app = await StartAppAsync(BuiltinYaml(port));
        await using (await app.Services.GetRequiredService<Database>().BreakWritesAsync("failover_state"))
        {
            var (code, output) = await RunCli("failover", "to-failover", "shop", "--reason", "drill", "--data", app.DataDirectory, "--config", Path.Combine(app.DataDirectory, "pharos.yaml"));
            code.ShouldBe(1, output);
            output.ShouldContain("error: shop: the new state could not be saved, so nothing changed");
        }

        (await Audit(app, "failover.")).ShouldBeEmpty();
        var (_, status) = await RunCli("failover", "status", "shop", "--data", app.DataDirectory, "--config", Path.Combine(app.DataDirectory, "pharos.yaml"));
        status.ShouldContain("shop: Primary, live side Primary");
        status.ShouldContain("to-failover by cli:");
        status.ShouldContain("failed: shop: the new state could not be saved");
    }

    [SkippableFact]
    public async Task The_admin_shows_a_command_that_could_not_be_saved_as_an_error()
    {
        var port = FreePort();
        await using var app = await StartAppAsync(BuiltinYaml(port));
        await app.AddUserAsync("olga", Pharos.Accounts.UserRole.Admin);
        using var browser = new AdminBrowser(app);
        (await browser.SignInAsync("olga")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);

        await using (await app.Services.GetRequiredService<Database>().BreakWritesAsync("failover_state"))
        {
            var refused = await browser.PostFormAsync("/admin/failover/shop", "/admin/failover/shop/act", new() { ["action"] = "to-failover", ["reason"] = "restore" });
            refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            var page = await refused.Content.ReadAsStringAsync();
            page.ShouldContain("class=\"error\" role=\"alert\">shop: the new state could not be saved, so nothing changed");
            page.ShouldContain("data-state=\"Primary\"");
        }

        (await Audit(app, "failover.")).ShouldBeEmpty();
    }

    [SkippableFact]
    public async Task A_queued_command_older_than_its_expiry_does_nothing_at_start_and_is_listed_as_expired()
    {
        var port = FreePort();
        using var data = new TempDir();
        var db = Dialect == SqlDialect.Postgres ? (await TestDatabases.PostgresStorageAsync(data.Path)).Open(data.Path) : new SqliteDatabase(Path.Combine(data.Path, "pharos.db"));
        await db.MigrateAsync(CancellationToken.None);
        var queuedAt = DateTimeOffset.UtcNow.AddDays(-2);
        var stale = await new SqliteFailoverCommandQueue(db).EnqueueAsync("shop", FailoverCommandKind.ToFailover, "cli:olga", "drill two days ago", queuedAt, queuedAt.AddMinutes(5), CancellationToken.None);

        await using var app = await StartAppAsync(BuiltinYaml(port), dataDirectory: data.Path);
        var queue = app.Services.GetRequiredService<IFailoverCommandQueue>();
        await Until(async () => (await queue.GetAsync(stale, CancellationToken.None))!.Outcome is not null, what: "the relay taking the stale command");

        var command = (await queue.GetAsync(stale, CancellationToken.None))!;
        command.Outcome.ShouldBe(QueuedCommandOutcome.Expired);
        command.ClaimedAt.ShouldBeNull("it was never taken to run");
        (await app.Services.GetRequiredService<FailoverController>().CurrentAsync("shop")).State.ShouldBe(FailoverState.Primary);
        (await app.Services.GetRequiredService<IFailoverStore>().GetTransitionsAsync("shop", 10, CancellationToken.None)).ShouldBeEmpty();
        (await Audit(app, "failover.")).ShouldBeEmpty();
        (await Dig("www.example.test", port)).ShouldBe("127.0.0.10");

        var (_, status) = await RunCli("failover", "status", "shop", "--data", app.DataDirectory, "--config", Path.Combine(app.DataDirectory, "pharos.yaml"));
        status.ShouldContain($"command {stale} to-failover by cli:olga");
        status.ShouldContain("expired");
        status.ShouldContain("not run");

        await app.AddUserAsync("olga", Pharos.Accounts.UserRole.Admin);
        using var browser = new AdminBrowser(app);
        await browser.SignInAsync("olga");
        var page = await (await browser.GetAsync("/admin/failover/shop")).Content.ReadAsStringAsync();
        page.ShouldContain($"data-command-id=\"{stale}\" data-command-status=\"expired\"");
    }

    [SkippableFact]
    public async Task A_command_runs_once_even_when_its_audit_row_cannot_be_written()
    {
        var port = FreePort();
        await using var app = await StartAppAsync(BuiltinYaml(port));
        var queue = app.Services.GetRequiredService<IFailoverCommandQueue>();

        long first;
        await using (await app.Services.GetRequiredService<Database>().BreakWritesAsync("audit_log"))
        {
            var (code, output) = await RunCli("failover", "to-failover", "shop", "--reason", "drill", "--data", app.DataDirectory, "--config", Path.Combine(app.DataDirectory, "pharos.yaml"));
            code.ShouldBe(1, output);
            first = (await queue.RecentAsync("shop", 1, CancellationToken.None)).Single().Id;
        }

        // With the audit log writable again, a later command runs; had the first been taken again it would have
        // run before this one (the queue is taken in order) and pinned the failover side.
        var (later, laterOutput) = await RunCli("failover", "pin", "shop", "--reason", "hold still", "--data", app.DataDirectory, "--config", Path.Combine(app.DataDirectory, "pharos.yaml"));
        later.ShouldBe(0, laterOutput);

        var state = (await app.Services.GetRequiredService<IFailoverStore>().LoadStateAsync("shop", CancellationToken.None))!;
        state.PinnedSide.ShouldBe(FailoverSide.Primary);
        (await Audit(app, "failover.")).Select(a => a.Action).ShouldBe(["failover.pin"]);
        (await app.Services.GetRequiredService<IFailoverStore>().GetTransitionsAsync("shop", 10, CancellationToken.None)).ShouldHaveSingleItem().Reason.ShouldContain("hold still");
        (await queue.GetAsync(first, CancellationToken.None))!.Outcome.ShouldBe(QueuedCommandOutcome.Failed);
    }

    [SkippableFact]
    public async Task Without_policies_failover_reads_empty_and_every_command_names_an_unknown_policy()
    {
        await using var app = await StartAppAsync();
        using var admin = await app.ApiClientAsync("admin");

        (await (await admin.GetAsync("/api/v1/failover")).JsonAsync()).GetArrayLength().ShouldBe(0);
        (await admin.PostJsonAsync("/api/v1/failover/shop/to-failover", new { reason = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var result = await app.Services.GetRequiredService<IFailoverCommands>().RunAsync(new FailoverCommand("shop", FailoverCommandKind.ToFailover, Actor.Cli, "x"), CancellationToken.None);
        result.ShouldBeOfType<FailoverCommandResult.UnknownPolicy>();
        app.Services.GetService<FailoverController>().ShouldBeNull("no controller runs without policies");
    }

    private static Task<IReadOnlyList<AuditEntry>> Audit(TestApp app, string action) =>
        app.Services.GetRequiredService<IAuditStore>().QueryAsync(new AuditQuery { Action = action }, CancellationToken.None);
}
