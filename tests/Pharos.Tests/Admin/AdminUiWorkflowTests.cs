using System.Net;
using Pharos.Accounts;
using Pharos.Domain;
using Pharos.Tests.Support;
using Pharos.Storage;

namespace Pharos.Tests.Admin;

/// <summary>The admin forms over HTTP: what the browser test does not cover.</summary>
public sealed class SqliteAdminUiWorkflowTests() : AdminUiWorkflowTests(SqlDialect.Sqlite);

public sealed class PostgresAdminUiWorkflowTests() : AdminUiWorkflowTests(SqlDialect.Postgres);

/// <summary>These tests, run with the app on SQLite and on PostgreSQL.</summary>
public abstract class AdminUiWorkflowTests(SqlDialect dialect) : DialectAppTests(dialect), IAsyncLifetime
{
    private TestApp _app = null!;
    private AdminBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _app = await StartAppAsync();
        await _app.AddUserAsync("root", UserRole.Admin);
        _browser = new AdminBrowser(_app);
        (await _browser.SignInAsync("root")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        await _app.DisposeAsync();
    }

    [SkippableFact]
    public async Task Maintenance_window_is_entered_in_the_display_zone()
    {
        // TestConfigs.Basic shows America/Los_Angeles: 09:00 there on 2030-07-01 is 16:00 UTC (PDT, UTC-7).
        var response = await _browser.PostFormAsync("/admin/maintenance/new", "/admin/maintenance", new()
        {
            ["name"] = "Network work",
            ["scheduled_for"] = "2030-07-01T09:00",
            ["scheduled_until"] = "2030-07-01T11:00",
            ["component.app"] = "on",
            ["message"] = "Brief interruptions.",
            ["auto_start"] = "on",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var id = response.Headers.Location!.ToString().Split('/')[^1].Split('?')[0];
        var m = (await _app.Store.GetMaintenanceAsync(id, default))!;
        m.ScheduledFor.ShouldBe(new DateTimeOffset(2030, 7, 1, 16, 0, 0, TimeSpan.Zero));
        m.AutoStart.ShouldBeTrue();
        m.AutoComplete.ShouldBeFalse();
        m.ComponentIds.ShouldBe(["app"]);

        var cancel = await _browser.PostFormAsync($"/admin/maintenance/{id}", $"/admin/maintenance/{id}/cancel", new() { ["message"] = "Called off." });
        cancel.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await _app.Store.GetMaintenanceAsync(id, default))!.Cancelled.ShouldBeTrue();
    }

    [SkippableFact]
    public async Task A_time_in_the_spring_forward_gap_is_refused_and_the_form_keeps_what_was_typed()
    {
        var response = await _browser.PostFormAsync("/admin/maintenance/new", "/admin/maintenance", new()
        {
            ["name"] = "Gap test",
            ["scheduled_for"] = "2030-03-10T02:30",
            ["scheduled_until"] = "2030-03-10T04:00",
            ["message"] = "Kept text",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("data-error-for=\"scheduled_for\"");
        html.ShouldContain("Kept text");
    }

    [SkippableFact]
    public async Task Editing_and_deleting_updates_keeps_the_old_text_in_the_audit_log()
    {
        var created = await _browser.PostFormAsync("/admin/incidents/new", "/admin/incidents", new()
        {
            ["name"] = "Typos happen",
            ["component.forum"] = "partial_outage",
            ["message"] = "Teh forum is slow.",
            ["action"] = "create",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var id = created.Headers.Location!.ToString().Split('/')[^1].Split('?')[0];
        var page = $"/admin/incidents/{id}";
        (await _browser.PostFormAsync(page, $"{page}/updates", new() { ["status"] = "identified", ["message"] = "Wrong post", ["action"] = "post" })).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var incident = (await _app.Store.GetIncidentAsync(id, default))!;
        var first = incident.Updates[^1];
        var wrong = incident.Updates[0];

        (await _browser.PostFormAsync(page, $"{page}/updates/{first.Id}/edit", new() { ["message"] = "The forum is slow." })).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await _browser.PostFormAsync(page, $"{page}/updates/{wrong.Id}/delete", [])).StatusCode.ShouldBe(HttpStatusCode.SeeOther);

        incident = (await _app.Store.GetIncidentAsync(id, default))!;
        incident.Updates.ShouldHaveSingleItem().Body.ShouldBe("The forum is slow.");
        var audit = await (await _browser.GetAsync($"/admin/audit?target={id}")).Content.ReadAsStringAsync();
        audit.ShouldContain("incident.update.edit");
        audit.ShouldContain("incident.update.delete");
        audit.ShouldContain("Teh forum is slow.");
        var csv = await (await _browser.GetAsync($"/admin/audit.csv?target={id}")).Content.ReadAsStringAsync();
        csv.ShouldContain("Wrong post");
        csv.ShouldContain("user,");
        var today = _app.Snapshot.Today.ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        (await (await _browser.GetAsync($"/admin/audit.csv?target={id}&from={today}&to={today}")).Content.ReadAsStringAsync()).ShouldContain("incident.update.edit");
        (await (await _browser.GetAsync($"/admin/audit.csv?target={id}&to=2020-01-01")).Content.ReadAsStringAsync()).ShouldNotContain("incident.update.edit");
    }

    [SkippableFact]
    public async Task Backfill_from_the_form_uses_the_display_zone_and_preview_saves_nothing()
    {
        var preview = await _browser.PostFormAsync("/admin/incidents/new", "/admin/incidents", new() { ["name"] = "Past", ["message"] = "**Bold**", ["action"] = "preview" });
        preview.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await preview.Content.ReadAsStringAsync()).ShouldContain("<strong>Bold</strong>");
        (await _app.Services.GetRequiredService<Pharos.Storage.IAdminStore>().ListIncidentsAsync(5, default)).ShouldBeEmpty();

        var created = await _browser.PostFormAsync("/admin/incidents/new", "/admin/incidents", new()
        {
            ["name"] = "Past outage",
            ["component.app"] = "major_outage",
            ["message"] = "It was down.",
            ["started_at"] = "2026-01-10T01:00",
            ["resolved_at"] = "2026-01-10T02:15",
            ["action"] = "create",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var id = created.Headers.Location!.ToString().Split('/')[^1].Split('?')[0];
        var i = (await _app.Store.GetIncidentAsync(id, default))!;
        i.Backfilled.ShouldBeTrue();
        i.Status.ShouldBe(IncidentStatus.Resolved);
        i.StartedAt.ShouldBe(new DateTimeOffset(2026, 1, 10, 9, 0, 0, TimeSpan.Zero));
        i.ResolvedAt.ShouldBe(new DateTimeOffset(2026, 1, 10, 10, 15, 0, TimeSpan.Zero));
    }

    [SkippableFact]
    public async Task Template_prefills_the_new_incident_form()
    {
        await using var app = await StartAppAsync(TestConfigs.Demo, demo: true);
        await app.AddUserAsync("ed");
        using var browser = new AdminBrowser(app);
        await browser.SignInAsync("ed");
        var html = await (await browser.GetAsync("/admin/incidents/new?template=checkout-down")).Content.ReadAsStringAsync();
        html.ShouldContain("value=\"Checkout unavailable\"");
        html.ShouldContain("<option value=\"major_outage\" selected");

        // The templates stay on offer when the form comes back with a preview or with errors.
        var preview = await (await browser.PostFormAsync("/admin/incidents/new", "/admin/incidents", new() { ["action"] = "preview", ["name"] = "x", ["message"] = "**bold**" })).Content.ReadAsStringAsync();
        preview.ShouldContain("<option value=\"checkout-down\"");
        var invalid = await browser.PostFormAsync("/admin/incidents/new", "/admin/incidents", new() { ["name"] = "", ["message"] = "" });
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await invalid.Content.ReadAsStringAsync()).ShouldContain("<option value=\"checkout-down\"");
    }

    [SkippableFact]
    public async Task Admin_pages_are_not_cached_and_carry_the_csp_without_inline_script()
    {
        foreach (var path in new[] { "/admin", "/admin/incidents/new", "/admin/maintenance/new", "/admin/account", "/admin/tokens", "/admin/users", "/admin/audit", "/admin/login" })
        {
            var response = await _browser.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            response.Headers.CacheControl!.NoStore.ShouldBeTrue(path);
            response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("script-src 'self'");
            var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
            doc.QuerySelectorAll("script").Length.ShouldBe(0, path);
            doc.All.Where(e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal))).ShouldBeEmpty(path);
            doc.QuerySelectorAll("form[method=post]").ShouldAllBe(f => f.QuerySelector("input[name=__csrf]") != null, path);
        }
    }
}
