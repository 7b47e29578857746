using System.Net;
using Pharos.Cli;
using Pharos.Tests.Support;

namespace Pharos.Tests.Cli;

public class AdminCliTests
{
    private static async Task<(int Code, string Out, string Err)> Run(string stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await PharosCli.RunAsync(args, output, error, new StringReader(stdin));
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task User_add_reads_the_password_from_stdin_and_the_user_can_sign_in()
    {
        await using var app = await TestApp.StartAsync();
        var (code, output, error) = await Run(AdminTestExtensions.Password + "\n", "user", "add", "carol", "--role", "admin", "--data", app.DataDirectory);
        code.ShouldBe(0, error);
        output.ShouldContain("Added admin carol");

        using var browser = new AdminBrowser(app);
        (await browser.SignInAsync("carol")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await browser.GetAsync("/admin/users")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await Run(AdminTestExtensions.Password + "\n", "user", "add", "carol", "--data", app.DataDirectory)).Code.ShouldBe(1, "the name is taken");
        (await Run("short\n", "user", "add", "dave", "--data", app.DataDirectory)).Err.ShouldContain("at least");
        (await Run("x\n", "user", "add", "erin", "--role", "root", "--data", app.DataDirectory)).Code.ShouldNotBe(0);
        (await Run("", "user", "list", "--data", app.DataDirectory)).Out.ShouldContain("carol\tadmin");
    }

    [Fact]
    public async Task User_disable_enable_set_role_set_password_and_remove_take_effect_on_open_sessions()
    {
        await using var app = await TestApp.StartAsync();
        await app.AddUserAsync("root", Pharos.Accounts.UserRole.Admin);
        await app.AddUserAsync("dana");
        using var browser = new AdminBrowser(app);
        await browser.SignInAsync("dana");
        (await browser.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var (code, output, error) = await Run("", "user", "disable", "dana", "--data", app.DataDirectory);
        code.ShouldBe(0, error);
        output.ShouldContain("Disabled dana");
        (await browser.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "the open session is refused on its next request");
        (await browser.SignInAsync("dana")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Run("", "user", "list", "--data", app.DataDirectory)).Out.ShouldContain("dana\teditor\t2fa=off\tdisabled");

        (await Run("", "user", "enable", "dana", "--data", app.DataDirectory)).Code.ShouldBe(0);
        (await Run("", "user", "set-role", "dana", "viewer", "--data", app.DataDirectory)).Out.ShouldContain("dana is now viewer");
        (await Run("a different password\n", "user", "set-password", "dana", "--data", app.DataDirectory)).Code.ShouldBe(0);
        (await browser.SignInAsync("dana")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "the old password is gone");
        (await browser.SignInAsync("dana", "a different password")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await browser.GetAsync("/admin/incidents/new")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "now a viewer");

        (await Run("", "user", "remove", "dana", "--data", app.DataDirectory)).Code.ShouldBe(0);
        (await browser.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Run("", "user", "remove", "dana", "--data", app.DataDirectory)).Err.ShouldContain("no user named dana");
        (await Run("", "user", "remove", "root", "--data", app.DataDirectory)).Err.ShouldContain("last enabled admin");
        (await Run("", "user", "set-role", "root", "god", "--data", app.DataDirectory)).Code.ShouldNotBe(0);

        var audit = await app.Services.GetRequiredService<Pharos.Storage.IAuditStore>().QueryAsync(new Pharos.Audit.AuditQuery { Actor = "cli" }, default);
        audit.Select(a => a.Action).ShouldBe(["user.remove", "user.password", "user.role", "user.enable", "user.disable", "user.add", "user.add"], ignoreOrder: true);
    }

    [Fact]
    public async Task Token_create_prints_a_working_token_once_and_revoke_stops_it()
    {
        await using var app = await TestApp.StartAsync();
        var (code, output, error) = await Run("", "token", "create", "--scopes", "read", "incidents:write", "--name", "deploy", "--data", app.DataDirectory);
        code.ShouldBe(0, error);
        var secret = output.Trim();
        secret.ShouldStartWith("pharos_");

        using var client = new HttpClient { BaseAddress = app.Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        (await client.GetAsync("/api/v1/incidents")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var list = (await Run("", "token", "list", "--data", app.DataDirectory)).Out;
        list.ShouldNotContain(secret);
        var id = list.Split('\t')[0];
        (await Run("", "token", "revoke", id, "--data", app.DataDirectory)).Code.ShouldBe(0);
        (await client.GetAsync("/api/v1/incidents")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        (await Run("", "token", "create", "--scopes", "everything", "--data", app.DataDirectory)).Code.ShouldBe(1);
    }
}
