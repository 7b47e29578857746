using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
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
            using var client = ClientFrom(IPAddress.Parse("127.0.0.2"), port, certs);
            await Eventually.TrueAsync(async () => caddy.HasExited || await AnswersAsync(client), TimeSpan.FromSeconds(15), "caddy serving");
            caddy.HasExited.ShouldBeFalse("caddy stopped");

            var page = await client.GetAsync("/");
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await page.Content.ReadAsStringAsync()).ShouldContain("Test Shop");
            (await client.GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "metrics are not published through the proxy");

            var (_, secret) = await app.Services.GetRequiredService<TokenService>().CreateAsync("caddy-test", [Scopes.IncidentsWrite, Scopes.Admin], Actor.Cli, CancellationToken.None);
            using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents") { Content = JsonContent.Create(new { name = "Through Caddy", message = "checking" }) };
            create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            create.Headers.Add("X-Forwarded-For", "203.0.113.9");
            var created = await client.SendAsync(create);
            created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();

            using var audit = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/audit?target={id}");
            audit.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            var rows = JsonDocument.Parse(await (await app.Client.SendAsync(audit)).Content.ReadAsStringAsync()).RootElement;
            rows.EnumerateArray().Select(r => r.GetProperty("address").GetString()).Distinct().Single().ShouldBe("127.0.0.2", "the client caddy saw, not the forged address nor caddy's own");
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

    private static HttpClient ClientFrom(IPAddress from, int port, Pharos.Tests.Support.TestCertificates certs)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(from, 0));
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => certs.Validate(cert as System.Security.Cryptography.X509Certificates.X509Certificate2, Host);
        return new HttpClient(handler) { BaseAddress = new Uri($"https://{Host}:{port}"), Timeout = TimeSpan.FromSeconds(5) };
    }
}
