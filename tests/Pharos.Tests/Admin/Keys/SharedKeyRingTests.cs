using System.Net;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Pharos.Accounts;
using Pharos.Admin.Keys;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Admin.Keys;

public sealed class SqliteSharedKeyRingTests() : SharedKeyRingTests(SqlDialect.Sqlite);

public sealed class PostgresSharedKeyRingTests() : SharedKeyRingTests(SqlDialect.Postgres);

/// <summary>
/// Two nodes on one database behind a load balancer: what one issued (the admin cookie, a form's token) the other
/// accepts, because the key ring is in the database; and a ring an earlier version kept in DATA/keys is carried over.
/// </summary>
public abstract class SharedKeyRingTests(SqlDialect dialect) : DialectAppTests(dialect)
{
    [SkippableFact]
    public async Task A_session_and_a_form_token_from_one_node_are_accepted_by_the_other()
    {
        using var dirA = new TempDir();
        using var dirB = new TempDir();
        await using var a = await StartAppAsync(dataDirectory: dirA.Path);
        // PostgreSQL: B has a data folder of its own on A's database. SQLite keeps pharos.db in the data folder, so B
        // shares A's folder there, and the test shows the folder holds no keys.
        var (yamlB, folderB, dialectB) = Dialect == SqlDialect.Postgres
            ? (TestConfigs.Basic + await TestDatabases.PostgresYamlAsync(dirA.Path), dirB.Path, SqlDialect.Sqlite)
            : (TestConfigs.Basic, dirA.Path, SqlDialect.Sqlite);
        await using var b = await TestApp.StartAsync(yamlB, dataDirectory: folderB, dialect: dialectB);

        await a.AddUserAsync("root", UserRole.Admin);
        using var onA = new AdminBrowser(a);
        (await onA.SignInAsync("root")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var form = await (await onA.GetAsync("/admin/incidents/new")).Content.ReadAsStringAsync();
        var token = AdminBrowser.TokenIn(form);

        using var stranger = new AdminBrowser(b);
        (await stranger.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "without the cookie B asks for a sign-in");
        using var onB = new AdminBrowser(b);
        onB.Cookies.Add(onA.Cookies.GetAllCookies());
        (await onB.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.OK, "B accepts the session A issued");

        using var post = new HttpRequestMessage(HttpMethod.Post, "/admin/incidents")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["name"] = "Posted through B", ["message"] = "with A's form", ["action"] = "create", ["__csrf"] = token,
            }),
        };
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = onB.Cookies, AllowAutoRedirect = false }) { BaseAddress = b.Address };
        (await client.SendAsync(post)).StatusCode.ShouldBe(HttpStatusCode.SeeOther, "B accepts the token in A's form");
        (await a.Services.GetRequiredService<IAdminStore>().ListIncidentsAsync(10, default)).ShouldContain(i => i.Name == "Posted through B");

        Directory.Exists(Path.Combine(dirA.Path, "keys")).ShouldBeFalse("the keys are in the database, not in a data folder");
        Directory.Exists(Path.Combine(dirB.Path, "keys")).ShouldBeFalse();
        (await KeyNamesAsync(a)).ShouldHaveSingleItem("the second node loaded the first node's key instead of making its own");
    }

    [SkippableFact]
    public async Task A_key_ring_an_earlier_version_kept_in_the_data_folder_is_copied_once_and_still_opens_what_it_protected()
    {
        using var dir = new TempDir();
        var folder = Path.Combine(dir.Path, "keys");
        // What an earlier Pharos did: the key ring in DATA/keys under the application name "pharos".
        var old = DataProtectionProvider.Create(new DirectoryInfo(folder), o => o.SetApplicationName("pharos")).CreateProtector("session");
        var payload = old.Protect(Encoding.UTF8.GetBytes("signed in before the upgrade"));
        var oldKey = Path.GetFileNameWithoutExtension(Directory.GetFiles(folder, "key-*.xml").ShouldHaveSingleItem());

        await using (var app = await StartAppAsync(dataDirectory: dir.Path))
        {
            var opened = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("session").Unprotect(payload);
            Encoding.UTF8.GetString(opened).ShouldBe("signed in before the upgrade");
            (await KeyNamesAsync(app)).ShouldBe([oldKey], "the old key is still the default: no new key was made");
            File.Exists(Path.Combine(folder, KeyRingStartup.ImportedMarker)).ShouldBeTrue();
            var audit = await app.Services.GetRequiredService<IAuditStore>().QueryAsync(new Pharos.Audit.AuditQuery { Action = "keyring.import" }, default);
            audit.ShouldHaveSingleItem().Actor.Name.ShouldBe("keyring");
        }

        // The folder is not read again: a key file added to it later is not imported.
        File.Copy(Path.Combine(folder, oldKey + ".xml"), Path.Combine(folder, "key-00000000-0000-0000-0000-000000000001.xml"));
        await using var again = await StartAppAsync(dataDirectory: dir.Path);
        (await KeyNamesAsync(again)).ShouldBe([oldKey]);
        (await again.Services.GetRequiredService<IAuditStore>().QueryAsync(new Pharos.Audit.AuditQuery { Action = "keyring.import" }, default)).Count.ShouldBe(1);
    }

    private static async Task<List<string>> KeyNamesAsync(TestApp app)
    {
        await using var c = await app.Services.GetRequiredService<Database>().OpenAsync(default);
        return (await c.QueryAsync<string>("SELECT name FROM data_protection_keys WHERE name LIKE 'key-%' ORDER BY name")).ToList();
    }
}
