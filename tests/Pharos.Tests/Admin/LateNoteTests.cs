using System.Net;
using System.Net.Http.Json;
using Pharos.Accounts;
using Pharos.Domain;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Admin;

/// <summary>Late notes and corrections: a postscript keeps an incident resolved; both are marked on the page, in the APIs and in the feeds.</summary>
public sealed class SqliteLateNoteTests() : LateNoteTests(SqlDialect.Sqlite);

public sealed class PostgresLateNoteTests() : LateNoteTests(SqlDialect.Postgres);

/// <summary>These tests, run with the app on SQLite and on PostgreSQL.</summary>
public abstract class LateNoteTests(SqlDialect dialect) : DialectAppTests(dialect)
{
    [SkippableFact]
    public async Task A_note_added_a_month_after_resolution_keeps_the_incident_resolved_and_says_added_later()
    {
        var time = new FakeTime(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        await using var app = await StartAppAsync(time: time);
        using var api = await app.ApiClientAsync(Scopes.Read, Scopes.IncidentsWrite);
        var id = await OpenAndResolveAsync(api);
        var resolved = (await app.Store.GetIncidentAsync(id, default))!;
        var resolvedAt = resolved.ResolvedAt!.Value;

        time.Advance(TimeSpan.FromDays(30));
        var noteTime = time.GetUtcNow();
        var noted = await api.PostJsonAsync($"/api/v1/incidents/{id}/notes", new { message = "UPDATE: some data was in fact lost." });
        noted.StatusCode.ShouldBe(HttpStatusCode.OK);
        var v1 = await noted.JsonAsync();
        v1.GetProperty("status").GetString().ShouldBe("resolved");
        v1.GetProperty("updates")[0].GetProperty("added_later").GetBoolean().ShouldBeTrue();
        v1.GetProperty("updates")[1].GetProperty("added_later").GetBoolean().ShouldBeFalse();

        var stored = (await app.Store.GetIncidentAsync(id, default))!;
        stored.Status.ShouldBe(IncidentStatus.Resolved);
        stored.ResolvedAt.ShouldBe(resolvedAt);
        stored.Components.ShouldAllBe(c => c.Status == ComponentStatus.Operational);
        var note = stored.Updates[0];
        note.AddedLater.ShouldBeTrue();
        note.DisplayAt.ShouldBe(noteTime);
        note.Body.ShouldBe("UPDATE: some data was in fact lost.");

        await app.RefreshAsync();
        app.Snapshot.StatusOf("app").ShouldBe(ComponentStatus.Operational);
        var html = await app.Client.GetStringAsync($"/incidents/{id}");
        html.ShouldContain($"data-update-id=\"{note.Id}\" data-added-later=\"true\"");
        html.ShouldContain("Added later");
        html.ShouldContain("data-incident-status=\"resolved\"");

        var v2 = await (await app.Client.GetAsync("/api/v2/incidents.json")).JsonAsync();
        var incident = v2.GetProperty("incidents").EnumerateArray().Single(i => i.GetProperty("id").GetString() == id);
        incident.GetProperty("status").GetString().ShouldBe("resolved");
        incident.GetProperty("resolved_at").GetString().ShouldBe(app.Snapshot.Times.Iso(resolvedAt));
        incident.GetProperty("incident_updates")[0].GetProperty("added_later").GetBoolean().ShouldBeTrue();
        incident.GetProperty("incident_updates")[0].GetProperty("edited_at").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);

        (await app.Client.GetStringAsync("/history.atom")).ShouldContain("Resolved (added later)");
        (await app.Client.GetStringAsync("/history.rss")).ShouldContain("Resolved (added later)");
    }

    [SkippableFact]
    public async Task An_update_without_a_status_on_a_resolved_incident_is_a_note_and_a_named_status_reopens_it()
    {
        await using var app = await StartAppAsync();
        using var api = await app.ApiClientAsync(Scopes.Read, Scopes.IncidentsWrite);
        var id = await OpenAndResolveAsync(api);
        var resolvedAt = (await app.Store.GetIncidentAsync(id, default))!.ResolvedAt;

        (await api.PostJsonAsync($"/api/v1/incidents/{id}/updates", new { message = "Added explanation: a disk filled up." })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var afterNote = (await app.Store.GetIncidentAsync(id, default))!;
        afterNote.Status.ShouldBe(IncidentStatus.Resolved);
        afterNote.ResolvedAt.ShouldBe(resolvedAt);
        afterNote.Updates[0].AddedLater.ShouldBeTrue();

        var refused = await api.PostJsonAsync($"/api/v1/incidents/{id}/updates", new { message = "Down again?", components = new Dictionary<string, string> { ["app"] = "major_outage" } });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await api.PostJsonAsync($"/api/v1/incidents/{id}/updates", new { status = "investigating", message = "It is back." })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var reopened = (await app.Store.GetIncidentAsync(id, default))!;
        reopened.Status.ShouldBe(IncidentStatus.Investigating);
        reopened.ResolvedAt.ShouldBeNull();
        reopened.Updates[0].AddedLater.ShouldBeFalse();

        var onOpen = await api.PostJsonAsync($"/api/v1/incidents/{id}/notes", new { message = "Not a note while open." });
        onOpen.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [SkippableFact]
    public async Task An_edited_update_is_marked_with_its_edit_time_and_the_old_text_stays_in_the_audit_log()
    {
        var time = new FakeTime(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        await using var app = await StartAppAsync(time: time);
        using var api = await app.ApiClientAsync(Scopes.Read, Scopes.IncidentsWrite, Scopes.Admin);
        var id = await OpenAndResolveAsync(api);
        var first = (await app.Store.GetIncidentAsync(id, default))!.Updates[^1];
        time.Advance(TimeSpan.FromHours(5));
        var editedAt = time.GetUtcNow();

        var edited = await api.PatchAsJsonAsync($"/api/v1/incidents/{id}/updates/{first.Id}", new { message = "Checkout was failing for card payments." });
        edited.StatusCode.ShouldBe(HttpStatusCode.OK);
        var u = (await edited.JsonAsync()).GetProperty("updates").EnumerateArray().Single(x => x.GetProperty("id").GetString() == first.Id);
        u.GetProperty("edited").GetBoolean().ShouldBeTrue();
        u.GetProperty("edited_at").GetDateTimeOffset().ShouldBe(editedAt);
        u.GetProperty("added_later").GetBoolean().ShouldBeFalse();
        var stored = (await app.Store.GetIncidentAsync(id, default))!;
        stored.Updates.Single(x => x.Id == first.Id).EditedAt.ShouldBe(editedAt);
        stored.Updates.Single(x => x.Id == first.Id).DisplayAt.ShouldBe(first.DisplayAt);

        await app.RefreshAsync();
        var html = await app.Client.GetStringAsync($"/incidents/{id}");
        html.ShouldContain($"data-edited-at=\"{Pharos.StatusPage.TimeDisplay.IsoUtc(editedAt)}\"");
        html.ShouldContain("Edited <time");
        var v2 = await (await app.Client.GetAsync("/api/v2/incidents.json")).JsonAsync();
        var v2Update = v2.GetProperty("incidents")[0].GetProperty("incident_updates").EnumerateArray().Single(x => x.GetProperty("id").GetString() == first.Id);
        v2Update.GetProperty("edited_at").GetString().ShouldBe(app.Snapshot.Times.Iso(editedAt));
        (await app.Client.GetStringAsync("/history.atom")).ShouldContain("Edited ");

        var audit = await (await api.GetAsync($"/api/v1/audit?target={id}")).Content.ReadAsStringAsync();
        audit.ShouldContain("incident.update.edit");
        audit.ShouldContain("Checkout is failing.");
    }

    [SkippableFact]
    public async Task An_editor_adds_a_late_note_from_the_admin_with_CSRF_and_audit()
    {
        await using var app = await StartAppAsync();
        await app.AddUserAsync("ed", UserRole.Editor);
        using var browser = new AdminBrowser(app);
        (await browser.SignInAsync("ed")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        using var api = await app.ApiClientAsync(Scopes.Read, Scopes.IncidentsWrite);
        var id = await OpenAndResolveAsync(api);
        var page = $"/admin/incidents/{id}";
        var form = await (await browser.GetAsync(page)).Content.ReadAsStringAsync();
        form.ShouldContain("id=\"note-form\"");
        form.ShouldContain("Reopen with an update");

        var fields = new Dictionary<string, string> { ["message"] = "Postscript: <script>alert(1)</script> **root cause** found.", ["form"] = "note" };
        (await browser.PostFormAsync(page, $"{page}/notes", new(fields), withToken: false)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.Store.GetIncidentAsync(id, default))!.Updates.ShouldNotContain(u => u.AddedLater);

        (await browser.PostFormAsync(page, $"{page}/notes", fields)).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var stored = (await app.Store.GetIncidentAsync(id, default))!;
        stored.Status.ShouldBe(IncidentStatus.Resolved);
        stored.Updates[0].AddedLater.ShouldBeTrue();

        var admin = await (await browser.GetAsync(page)).Content.ReadAsStringAsync();
        admin.ShouldContain("added later");
        await app.RefreshAsync();
        var html = await app.Client.GetStringAsync($"/incidents/{id}");
        html.ShouldContain("<strong>root cause</strong>");
        html.ShouldNotContain("<script>alert(1)");

        await app.AddUserAsync("boss", UserRole.Admin);
        using var adminBrowser = new AdminBrowser(app);
        (await adminBrowser.SignInAsync("boss")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var audit = await (await adminBrowser.GetAsync($"/admin/audit?target={id}")).Content.ReadAsStringAsync();
        audit.ShouldContain("incident.note");
        audit.ShouldContain("Added a late note");
    }

    private static async Task<string> OpenAndResolveAsync(HttpClient api)
    {
        var created = await api.PostJsonAsync("/api/v1/incidents", new
        {
            name = "Checkout failing",
            components = new Dictionary<string, string> { ["app"] = "major_outage" },
            message = "Checkout is failing.",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await created.JsonAsync()).GetProperty("id").GetString()!;
        (await api.PostJsonAsync($"/api/v1/incidents/{id}/resolve", new { message = "Fixed." })).StatusCode.ShouldBe(HttpStatusCode.OK);
        return id;
    }
}
