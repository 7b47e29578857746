using System.Net;
using Pharos.Accounts;
using Pharos.Audit;
using Pharos.Notifications.Subscribers;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Notifications.Subscribers;

/// <summary>The admin's list, counts, CSV and removal, in the admin pages and /api/v1; every change and export audited.</summary>
public sealed class SqliteSubscriberAdminTests() : SubscriberAdminTests(SqlDialect.Sqlite);

public sealed class PostgresSubscriberAdminTests() : SubscriberAdminTests(SqlDialect.Postgres);

/// <summary>These tests, run with the app on SQLite and on PostgreSQL.</summary>
public abstract class SubscriberAdminTests(SqlDialect dialect) : DialectAppTests(dialect)
{
    [SkippableFact]
    public void The_csv_quotes_what_a_spreadsheet_would_run_as_a_formula()
    {
        var csv = SubscriberCsv.Write(
        [
            new Subscriber { Id = "s1", Kind = "email", Address = "=HYPERLINK(\"http://evil\")@x.example", Components = ["app", "forum"], CreatedAt = DateTimeOffset.Parse("2026-11-01T10:00:00Z"), ConfirmedAt = DateTimeOffset.Parse("2026-11-01T10:05:00Z") },
            new Subscriber { Id = "s2", Kind = "webhook", Address = "https://hooks.example/a,b", Hostname = "a.shops.example", CreatedAt = DateTimeOffset.Parse("2026-11-02T10:00:00Z"), UnsubscribedAt = DateTimeOffset.Parse("2026-11-03T00:00:00Z") },
        ]);

        csv.Split("\r\n").ShouldBe(
        [
            "id,kind,address,state,components,hostname,language,created_at_utc,confirmed_at_utc,unsubscribed_at_utc",
            "s1,email,\"'=HYPERLINK(\"\"http://evil\"\")@x.example\",active,app forum,,en,2026-11-01T10:00:00Z,2026-11-01T10:05:00Z,",
            "s2,webhook,\"https://hooks.example/a,b\",unsubscribed,,a.shops.example,en,2026-11-02T10:00:00Z,,2026-11-03T00:00:00Z",
            "",
        ]);
    }

    [SkippableFact]
    public async Task The_api_lists_exports_and_removes_subscribers_with_the_admin_scope_only_and_audits_it()
    {
        var mail = new MailboxChannel();
        await using var app = await SubscriberTests.StartAsync(Dialect, mail);
        var id = await app.SubscribeConfirmedAsync(mail, "ann@shop.example", ["app"]);
        using (var visitor = new Visitor(app))
        {
            (await visitor.SubscribeAsync("email", "=cmd@shop.example")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var reader = await app.ApiClientAsync(Scopes.Read);
        (await reader.GetAsync("/api/v1/subscribers")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var admin = await app.ApiClientAsync(Scopes.Admin);

        var list = await (await admin.GetAsync("/api/v1/subscribers?state=active")).JsonAsync();
        list.GetArrayLength().ShouldBe(1);
        list[0].GetProperty("address").GetString().ShouldBe("ann@shop.example");
        list[0].GetProperty("components")[0].GetString().ShouldBe("app");
        var bad = await admin.GetAsync("/api/v1/subscribers?state=happy");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.JsonAsync()).GetProperty("errors").GetProperty("state").GetArrayLength().ShouldBe(1);

        var csv = await admin.GetStringAsync("/api/v1/subscribers?format=csv");
        csv.ShouldContain($"{id},email,ann@shop.example,active,app,");
        csv.ShouldContain(",email,\"'=cmd@shop.example\",unconfirmed,");

        (await admin.DeleteAsync($"/api/v1/subscribers/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.DeleteAsync($"/api/v1/subscribers/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.Services.GetRequiredService<SubscriberAdmin>().CountsAsync(CancellationToken.None)).ShouldBe(new SubscriberCounts(1, 0, 0));
        var audit = await app.Services.GetRequiredService<IAuditStore>().QueryAsync(new AuditQuery { Action = "subscriber" }, CancellationToken.None);
        audit.Select(a => a.Action).ShouldBe(["subscriber.remove", "subscriber.export"], ignoreOrder: true);
        audit.Single(a => a.Action == "subscriber.remove").TargetId.ShouldBe(id);
    }

    [SkippableFact]
    public async Task The_admin_page_shows_counts_searches_exports_and_removes()
    {
        var mail = new MailboxChannel();
        await using var app = await SubscriberTests.StartAsync(Dialect, mail);
        var ann = await app.SubscribeConfirmedAsync(mail, "ann@shop.example", ["forum"]);
        await app.SubscribeConfirmedAsync(mail, "bob@other.example");
        await app.AddUserAsync("root", UserRole.Admin);
        using var browser = new AdminBrowser(app);
        (await browser.SignInAsync("root")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);

        var page = await (await browser.GetAsync("/admin/subscribers?q=shop.example")).Content.ReadAsStringAsync();
        page.ShouldContain("2 active");
        page.ShouldContain("ann@shop.example");
        page.ShouldNotContain("bob@other.example");
        page.ShouldContain("Forum");
        var csv = await (await browser.GetAsync("/admin/subscribers.csv?state=active")).Content.ReadAsStringAsync();
        csv.ShouldContain("ann@shop.example");
        csv.ShouldContain("bob@other.example");

        var removed = await browser.PostFormAsync("/admin/subscribers", $"/admin/subscribers/{ann}/remove", []);
        removed.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await app.Services.GetRequiredService<SqliteSubscriberStore>().GetAsync(ann, CancellationToken.None)).ShouldBeNull();
        var withoutToken = await browser.PostFormAsync("/admin/subscribers", $"/admin/subscribers/{ann}/remove", [], withToken: false);
        withoutToken.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
