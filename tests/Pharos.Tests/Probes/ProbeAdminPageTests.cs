using System.Net;
using Pharos.Accounts;
using Pharos.Audit;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Locations;
using Pharos.Monitoring.Results;
using Pharos.Probes;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Probes;

/// <summary>/admin/probes: admins add a probe (token shown once), see locations and impairment, and revoke; all audited, CSRF kept.</summary>
public sealed class ProbeAdminPageTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private AdminBrowser _root = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(ProbeApiTests.Yaml);
        await _app.AddUserAsync("root", UserRole.Admin);
        await _app.AddUserAsync("viewer", UserRole.Viewer);
        _root = new AdminBrowser(_app);
        (await _root.SignInAsync("root")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
    }

    public async Task DisposeAsync()
    {
        _root.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task An_admin_adds_a_probe_sees_its_token_once_and_revokes_it_all_audited()
    {
        var added = await _root.PostFormAsync("/admin/probes", "/admin/probes", new() { ["name"] = "edge-<1>", ["location"] = "edge" });
        added.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a name with markup is refused");
        (await added.Content.ReadAsStringAsync()).ShouldNotContain("edge-<1>");

        added = await _root.PostFormAsync("/admin/probes", "/admin/probes", new() { ["name"] = "edge-1", ["location"] = "edge" });
        added.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await added.Content.ReadAsStringAsync();
        html.ShouldContain("id=\"new-token\">pharos_");
        (await (await _root.GetAsync("/admin/probes")).Content.ReadAsStringAsync()).ShouldNotContain("id=\"new-token\"");

        (await _root.PostFormAsync("/admin/probes", "/admin/probes/edge-1/revoke", [], withToken: false)).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "no CSRF token, no change");
        (await _root.PostFormAsync("/admin/probes", "/admin/probes/edge-1/revoke", [])).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var probe = (await _app.Services.GetRequiredService<ProbeService>().ListAsync(default)).ShouldHaveSingleItem();
        probe.Revoked.ShouldBeTrue();
        var audit = await _app.Services.GetRequiredService<IAuditStore>().QueryAsync(new AuditQuery { TargetId = "edge-1" }, default);
        audit.Select(a => (a.Action, a.Actor.Name)).ShouldBe([("probe.revoke", "root"), ("probe.add", "root")], ignoreOrder: true);
    }

    [Fact]
    public async Task A_probe_whose_token_was_revoked_on_the_tokens_page_is_listed_as_revoked()
    {
        var service = _app.Services.GetRequiredService<ProbeService>();
        var added = (await service.AddAsync("edge-2", "edge", Actor.Cli, default))!.Value;
        (await _app.Services.GetRequiredService<TokenService>().RevokeAsync(added.Probe.TokenId, Actor.Cli, default)).ShouldBeTrue();
        (await service.ListAsync(default)).Single(p => p.Name == "edge-2").Revoked.ShouldBeTrue();
    }

    [Fact]
    public async Task The_page_lists_locations_with_impairment_and_only_admins_see_it()
    {
        var locations = _app.Services.GetRequiredService<LocationResults>();
        var now = DateTimeOffset.UtcNow;
        locations.Apply(new CheckResult("web", "app", now, CheckOutcome.Down, 1, "x") { Location = "other" });
        var html = await (await _root.GetAsync("/admin/probes")).Content.ReadAsStringAsync();
        html.ShouldContain("data-location=\"other\" data-impaired=\"false\"");
        html.ShouldContain("data-location=\"hq\"");

        using var viewer = new AdminBrowser(_app);
        await viewer.SignInAsync("viewer");
        (await viewer.GetAsync("/admin/probes")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }
}
