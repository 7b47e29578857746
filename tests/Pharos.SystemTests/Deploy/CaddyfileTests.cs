using System.Diagnostics;
using System.Net;
using Pharos.Accounts;
using Pharos.Audit;
using Pharos.SystemTests.Support;

namespace Pharos.SystemTests.Deploy;

/// <summary>deploy/caddy/Caddyfile: valid for Debian's caddy, and for real in front of Pharos on loopback with a test certificate.</summary>
public sealed class CaddyfileTests
{
    private const string Caddy = "/usr/bin/caddy";
    private const string Host = "status.example.com";

    [SkippableFact]
    public async Task Caddy_forwards_the_page_over_tls_and_pharos_sees_the_client_address_it_reports()
    {
        Requirements.File(Caddy, "caddy");
        var original = Path.Combine(PharosProcess.RepositoryRoot(), "deploy", "caddy", "Caddyfile");
        var (valid, says) = await SystemdUnitTests.RunAsync(Caddy, "adapt", "--config", original, "--validate");
        valid.ShouldBe(0, says);

        await using var app = await TestApp.StartAsync(TestConfigs.Basic + "\ntrusted_proxies: [127.0.0.1]\n");
        using var dir = new TempDir();
        using var certs = new TestCertificates();
        var (cert, key) = certs.Issue(dir.Path, "status", null, Host);
        var port = PharosProcess.FreePort();
        var text = await File.ReadAllTextAsync(original);
        // Loopback instead of the public name, a test certificate instead of ACME, and no admin endpoint on :2019.
        text.ShouldContain($"{Host} {{");
        text.ShouldContain("reverse_proxy 127.0.0.1:8080 {");
        text = "{\n\tadmin off\n\tauto_https disable_redirects\n}\n\n" + text
            .Replace($"{Host} {{", $"https://{Host}:{port} {{\n\tbind 127.0.0.1\n\ttls {cert} {key}", StringComparison.Ordinal)
            .Replace("reverse_proxy 127.0.0.1:8080 {", $"reverse_proxy 127.0.0.1:{app.Address.Port} {{", StringComparison.Ordinal);
        var file = Path.Combine(dir.Path, "Caddyfile");
        await File.WriteAllTextAsync(file, text);

        var info = new ProcessStartInfo(Caddy) { ArgumentList = { "run", "--config", file, "--adapter", "caddyfile" }, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["XDG_DATA_HOME"] = Path.Combine(dir.Path, "data");
        info.Environment["XDG_CONFIG_HOME"] = Path.Combine(dir.Path, "config");
        using var caddy = Process.Start(info)!;
        var log = caddy.StandardError.ReadToEndAsync();
        try
        {
            using var client = ProxyClients.From(IPAddress.Parse("127.0.0.2"), port, $"https://{Host}:{port}", certs);
            await Eventually.TrueAsync(async () => caddy.HasExited || await AnswersAsync(client), TimeSpan.FromSeconds(15), "caddy serving");
            caddy.HasExited.ShouldBeFalse("caddy stopped");

            var page = await client.GetAsync("/");
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await page.Content.ReadAsStringAsync()).ShouldContain("Test Shop");
            (await client.GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "metrics are not published through the proxy");

            var (_, secret) = await app.Services.GetRequiredService<TokenService>().CreateAsync("caddy-test", [Scopes.IncidentsWrite, Scopes.Admin], Actor.Cli, CancellationToken.None);
            var id = await ProxyClients.CreateIncidentAsync(client, secret, "Through Caddy", forged: "203.0.113.9");
            (await ProxyClients.AuditAddressAsync(app.Client, secret, id)).ShouldBe("127.0.0.2", "the client caddy saw, not the forged address nor caddy's own");
        }
        finally
        {
            if (!caddy.HasExited)
            {
                caddy.Kill(entireProcessTree: true);
                await caddy.WaitForExitAsync();
            }

            _ = await log;
        }
    }

    private static async Task<bool> AnswersAsync(HttpClient client)
    {
        try
        {
            return (await client.GetAsync("/healthz")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
