using System.Net;
using Pharos.Accounts;
using Pharos.Notifications;
using Pharos.Notifications.Routing;
using Pharos.Notifications.Social;
using Pharos.Tests.Support;
using Pharos.Storage;

namespace Pharos.Tests.Notifications;

/// <summary>Only the updates an operator marks for it are posted to Mastodon and X, once each, in order.</summary>
public sealed class SqliteSocialTests() : SocialTests(SqlDialect.Sqlite);

public sealed class PostgresSocialTests() : SocialTests(SqlDialect.Postgres);

/// <summary>These tests, run with the app on SQLite and on PostgreSQL.</summary>
public abstract class SocialTests(SqlDialect dialect) : DialectAppTests(dialect)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    private static NotificationsConfig Config() => new()
    {
        Social = new SocialConfig { Channels = ["mastodon", "x"] },
        Routes = [new RouteConfig { Id = "ops", Events = ["incident.*"], Channels = ["ops"] }],
    };

    [SkippableFact]
    public async Task An_update_marked_social_in_the_api_goes_to_every_social_channel_and_an_unmarked_one_does_not()
    {
        await using var app = await NotifyApp.StartAsync(Dialect, Config(), "mastodon", "x", "ops");
        using var api = await app.App.ApiClientAsync(Scopes.Read, Scopes.IncidentsWrite);
        var created = await api.PostJsonAsync("/api/v1/incidents", new { name = "Checkout errors", message = "We are looking into it.", social = true });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await created.JsonAsync()).GetProperty("id").GetString();
        (await api.PostJsonAsync($"/api/v1/incidents/{id}/updates", new { status = "identified", message = "Internal detail only." })).IsSuccessStatusCode.ShouldBeTrue();
        (await api.PostJsonAsync($"/api/v1/incidents/{id}/updates", new { status = "resolved", message = "Fixed.", social = true })).IsSuccessStatusCode.ShouldBeTrue();

        await Eventually.TrueAsync(() => app["mastodon"].Delivered.Count == 2 && app["x"].Delivered.Count == 2, Within, "two posts on each social channel");
        await Eventually.TrueAsync(() => app["ops"].Delivered.Count(m => m.Notice.Kind == "incident.update_posted") == 3, Within, "every update to the operators");
        app["mastodon"].Delivered.Select(m => m.Notice.Text).ShouldBe(["We are looking into it.", "Fixed."]);
        app["x"].Delivered.Select(m => m.Notice.Text).ShouldBe(["We are looking into it.", "Fixed."]);
        app["mastodon"].Delivered.ShouldAllBe(m => m.Notice.Url == $"http://status.test.example/incidents/{id}");

        // The choice is stored with the update: a restart or a re-route cannot post the unmarked one.
        var incident = await app.App.Store.GetIncidentAsync(id!, CancellationToken.None);
        incident!.Updates.Select(u => u.Social).ShouldBe([true, false, true]);
    }

    [SkippableFact]
    public async Task The_admin_offers_the_social_choice_only_when_a_social_channel_is_configured()
    {
        await using (var app = await NotifyApp.StartAsync(Dialect, Config(), "mastodon", "x", "ops"))
        {
            var page = await AdminPageAsync(app.App, "/admin/incidents/new");
            page.ShouldContain("name=\"social\"");
            page.ShouldContain("Also post this update to mastodon, x");
        }

        await using var plain = await NotifyApp.StartAsync(Dialect, new NotificationsConfig());
        (await AdminPageAsync(plain.App, "/admin/incidents/new")).ShouldNotContain("name=\"social\"");
    }

    private static async Task<string> AdminPageAsync(TestApp app, string path)
    {
        var user = await app.AddUserAsync("editor");
        using var browser = new AdminBrowser(app);
        (await browser.SignInAsync(user.Name)).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var response = await browser.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }
}
