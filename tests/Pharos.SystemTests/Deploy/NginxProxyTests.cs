using System.Net;
using Pharos.Accounts;
using Pharos.Audit;
using Pharos.SystemTests.Support;

namespace Pharos.SystemTests.Deploy;

/// <summary>
/// deploy/nginx/pharos.conf for real: Debian's nginx with that file (moved to loopback ports and a test certificate)
/// in front of a Pharos that trusts it, and clients on other loopback addresses.
/// </summary>
public sealed class NginxProxyTests
{
    private const string Host = "status.example.com";

    [SkippableFact]
    public async Task Page_comes_through_tls_is_cached_admin_is_not_and_pharos_sees_the_client_only_through_its_proxy()
    {
        Requirements.File(NginxServer.Path, "nginx");
        await using var app = await TestApp.StartAsync(TestConfigs.Basic + "\ntrusted_proxies: [127.0.0.1]\n");
        using var dir = new TempDir();
        using var certs = new TestCertificates();
        var (tls, plain) = (PharosProcess.FreePort(), PharosProcess.FreePort());
        await using var nginx = await StartNginxAsync(dir.Path, certs, app.Address.Port, tls, plain);

        using var client = ProxyClients.From(IPAddress.Parse("127.0.0.2"), tls, $"https://{Host}:{tls}", certs);
        var page = await client.GetAsync("/");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldContain("Test Shop");
        (await client.GetAsync("/")).Headers.GetValues("X-Cache-Status").Single().ShouldBe("HIT", "the public page is cached for a few seconds");

        for (var i = 0; i < 2; i++)
        {
            var login = await client.GetAsync("/admin/login");
            login.StatusCode.ShouldBe(HttpStatusCode.OK);
            login.Headers.Contains("X-Cache-Status").ShouldBeFalse("the admin never goes through the cache");
        }

        // An API write through nginx, with a client trying to pass itself off as someone else.
        var (_, secret) = await app.Services.GetRequiredService<TokenService>().CreateAsync("proxy-test", [Scopes.IncidentsWrite, Scopes.Admin], Actor.Cli, CancellationToken.None);
        var viaProxy = await ProxyClients.CreateIncidentAsync(client, secret, "Through nginx", forged: "203.0.113.9");
        using var direct = ProxyClients.From(IPAddress.Parse("127.0.0.3"), app.Address.Port, $"http://127.0.0.1:{app.Address.Port}");
        var bypassing = await ProxyClients.CreateIncidentAsync(direct, secret, "Around nginx", forged: "203.0.113.9");

        (await ProxyClients.AuditAddressAsync(direct, secret, viaProxy)).ShouldBe("127.0.0.2", "nginx is trusted: the address it saw, not its own 127.0.0.1 nor the forged one");
        (await ProxyClients.AuditAddressAsync(direct, secret, bypassing)).ShouldBe("127.0.0.3", "a client that is not a trusted proxy cannot set its address");

        // Sign-ups: a burst of five, then 429 from nginx before Pharos sees them.
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            codes.Add((await client.PostAsync("/subscribe", new FormUrlEncodedContent([new("email", $"a{i}@example.net")]))).StatusCode);
        }

        codes.Take(6).ShouldNotContain(HttpStatusCode.TooManyRequests, string.Join(", ", codes));
        codes.ShouldContain(HttpStatusCode.TooManyRequests);
        (await client.GetAsync("/subscribe")).StatusCode.ShouldNotBe(HttpStatusCode.TooManyRequests, "reading the form is not limited");

        using var http = ProxyClients.From(IPAddress.Parse("127.0.0.2"), plain, $"http://{Host}:{plain}");
        var redirect = await http.GetAsync("/history");
        redirect.StatusCode.ShouldBe(HttpStatusCode.MovedPermanently);
        redirect.Headers.Location!.ToString().ShouldBe($"https://{Host}/history");

        // Pharos goes away: the page stays up from nginx's cache.
        await app.App.StopAsync();
        await Eventually.TrueAsync(
            async () => (await client.GetAsync("/")) is { StatusCode: HttpStatusCode.OK } r && r.Headers.GetValues("X-Cache-Status").Single() == "STALE",
            TimeSpan.FromSeconds(20), "the cached page served stale while Pharos is down");
    }

    private static async Task<NginxServer> StartNginxAsync(string dir, TestCertificates certs, int pharosPort, int tls, int plain)
    {
        var (cert, key) = certs.Issue(dir, "status", null, Host);
        var site = await File.ReadAllTextAsync(Path.Combine(PharosProcess.RepositoryRoot(), "deploy", "nginx", "pharos.conf"));
        // Each value the test changes must be found exactly once: an edit to the file that moves it fails here, loudly.
        site = Swap(site, "server 127.0.0.1:8080;", $"server 127.0.0.1:{pharosPort};");
        site = Swap(site, "listen 443 ssl http2;", $"listen 127.0.0.1:{tls} ssl http2;");
        site = Swap(site, "listen [::]:443 ssl http2;", "");
        site = Swap(site, "listen 80;", $"listen 127.0.0.1:{plain};");
        site = Swap(site, "listen [::]:80;", "");
        site = Swap(site, "/etc/letsencrypt/live/status.example.com/fullchain.pem", cert);
        site = Swap(site, "/etc/letsencrypt/live/status.example.com/privkey.pem", key);
        site = Swap(site, "/var/cache/nginx/pharos", Path.Combine(dir, "cache"));
        return await NginxServer.StartAsync(dir, site, tls);
    }

    private static string Swap(string text, string from, string to)
    {
        var at = text.IndexOf(from, StringComparison.Ordinal);
        at.ShouldBeGreaterThanOrEqualTo(0, $"deploy/nginx/pharos.conf no longer holds '{from}'");
        text.IndexOf(from, at + from.Length, StringComparison.Ordinal).ShouldBe(-1, $"'{from}' is in deploy/nginx/pharos.conf twice");
        return text.Replace(from, to, StringComparison.Ordinal);
    }
}
