using System.Net;
using System.Net.Http.Json;
using Pharos.Accounts;
using Pharos.Failover.Drills;
using Pharos.Storage;
using Pharos.Tests.Support;
using static Pharos.Tests.Failover.Drills.DrillTestSupport;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.Tests.Failover.Drills;

public sealed class SqliteDrillAdminTests() : DrillAdminTests(SqlDialect.Sqlite);

public sealed class PostgresDrillAdminTests() : DrillAdminTests(SqlDialect.Postgres);

/// <summary>
/// The admin's drill button (plan, confirm, report) and the API's drills, with an operator's abort mid-hold; on SQLite
/// and on PostgreSQL, so the drills' store and its one-open-drill index run on both.
/// </summary>
public abstract class DrillAdminTests(SqlDialect dialect) : DialectAppTests(dialect)
{
    [SkippableFact]
    public async Task The_admin_shows_the_plan_then_runs_the_confirmed_drill_and_the_policy_page_shows_its_age()
    {
        var port = FreePort();
        await using var primary = await LoopbackServer.StartAsync();
        await using var standby = await LoopbackServer.StartAsync();
        await using var app = await StartAppAsync(Yaml(port, primary, standby, hold: "1s"));
        await BothSidesCheckedAsync(app);
        await app.AddUserAsync("olga", UserRole.Admin);
        using var browser = new AdminBrowser(app);
        (await browser.SignInAsync("olga")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);

        var page = await (await browser.GetAsync("/admin/failover/shop")).Content.ReadAsStringAsync();
        page.ShouldContain("No successful drill yet");
        page.ShouldContain("href=\"/admin/failover/shop/drill\"");

        var plan = await (await browser.GetAsync("/admin/failover/shop/drill")).Content.ReadAsStringAsync();
        plan.ShouldContain("<ol id=\"plan\">");
        plan.ShouldContain("answers A 127.0.0.1 with TTL 30");
        plan.ShouldContain("standby ready");

        var forged = await browser.PostFormAsync("/admin/failover/shop/drill", "/admin/failover/shop/drill", new() { ["hold"] = "1s", ["confirm"] = "on" }, withToken: false);
        ((int)forged.StatusCode).ShouldBeGreaterThanOrEqualTo(400, "no antiforgery token, no drill");
        var unconfirmed = await browser.PostFormAsync("/admin/failover/shop/drill", "/admin/failover/shop/drill", new() { ["hold"] = "1s" });
        unconfirmed.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await unconfirmed.Content.ReadAsStringAsync()).ShouldContain("Confirm that you have read the plan");
        (await app.Services.GetRequiredService<DrillStore>().ListAsync("shop", 10, CancellationToken.None)).ShouldBeEmpty();

        var started = await browser.PostFormAsync("/admin/failover/shop/drill", "/admin/failover/shop/drill", new() { ["hold"] = "1s", ["confirm"] = "on" });
        started.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var location = started.Headers.Location!.ToString();
        location.ShouldStartWith("/admin/failover/shop/drills/");
        var id = long.Parse(location.Split('/')[^1].Split('?')[0], System.Globalization.CultureInfo.InvariantCulture);
        var d = await EndedAsync(app, id);
        d.Status.ShouldBe(DrillStatus.Succeeded, d.Outcome);
        d.Actor.Name.ShouldBe("olga");

        var report = await (await browser.GetAsync($"/admin/failover/shop/drills/{id}")).Content.ReadAsStringAsync();
        report.ShouldContain("data-status=\"succeeded\"");
        report.ShouldContain("data-step=\"fail over\" data-outcome=\"ok\"");
        report.ShouldMatch("(?s)data-step=\"fail back\".*?\\d+ ms");
        var list = await (await browser.GetAsync("/admin/failover/shop/drills")).Content.ReadAsStringAsync();
        list.ShouldContain($"data-drill-id=\"{id}\" data-status=\"succeeded\"");
        page = await (await browser.GetAsync("/admin/failover/shop")).Content.ReadAsStringAsync();
        page.ShouldContain($"Last successful drill: <a href=\"/admin/failover/shop/drills/{id}\">drill {id}</a>");
        page.ShouldContain("ago), by user:olga");
    }

    [SkippableFact]
    public async Task The_api_starts_a_drill_with_the_admin_scope_and_an_abort_mid_hold_returns_the_names_to_the_primary()
    {
        var port = FreePort();
        await using var primary = await LoopbackServer.StartAsync();
        await using var standby = await LoopbackServer.StartAsync();
        await using var app = await StartAppAsync(Yaml(port, primary, standby));
        await BothSidesCheckedAsync(app);

        using var reader = await app.ApiClientAsync(Scopes.Read);
        (await reader.PostAsJsonAsync("/api/v1/failover/shop/drills", new { hold = "30s" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var admin = await app.ApiClientAsync(Scopes.Admin, Scopes.Read);
        (await admin.PostAsJsonAsync("/api/v1/failover/shop/drills", new { hold = "soon" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var created = await admin.PostAsJsonAsync("/api/v1/failover/shop/drills", new { hold = "30s" });
        created.StatusCode.ShouldBe(HttpStatusCode.Accepted, await created.Content.ReadAsStringAsync());
        var id = (await created.JsonAsync()).GetProperty("id").GetInt64();
        (await admin.PostAsJsonAsync("/api/v1/failover/shop/drills", new { hold = "30s" })).StatusCode.ShouldBe(HttpStatusCode.Conflict, "one drill per policy at a time");

        var store = app.Services.GetRequiredService<DrillStore>();
        await Until(async () => (await store.GetAsync(id, CancellationToken.None))!.Steps.LastOrDefault()?.Name == "hold", TimeSpan.FromSeconds(20), "the hold");
        (await Dig("www.example.test", port)).ShouldBe("127.0.0.1");
        (await admin.PostAsync($"/api/v1/failover/shop/drills/{id}/abort", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var d = await EndedAsync(app, id);
        d.Status.ShouldBe(DrillStatus.Aborted);
        d.Outcome.ShouldBe("aborted by an operator; returned to the primary and verified on every nameserver");
        d.Steps.Single(s => s.Name == "return to the primary").ConsistentAfter.ShouldNotBeNull();
        d.Steps.Single(s => s.Name == "hold").Took!.Value.ShouldBeLessThan(TimeSpan.FromSeconds(25), "the abort ended the hold early");
        (await Dig("www.example.test", port)).ShouldBe("127.0.0.10");
        (await admin.PostAsync($"/api/v1/failover/shop/drills/{id}/abort", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var shown = await (await admin.GetAsync($"/api/v1/failover/shop/drills/{id}")).Content.ReadAsStringAsync();
        shown.ShouldContain("\"status\":\"aborted\"");
        shown.ShouldContain("\"consistent_after_ms\":");
    }
}
