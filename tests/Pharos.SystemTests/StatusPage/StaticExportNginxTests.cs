using System.Net;
using Pharos.SystemTests.Support;
using Pharos.Tests.StatusPage;

namespace Pharos.SystemTests.StatusPage;

/// <summary>
/// `pharos export --site` for real: the demo's data exported to a folder, Debian's nginx serving that folder with
/// deploy/nginx/static-site.conf (gzip_static on), and the live page's HTTP checks run against both, one after the other.
/// </summary>
public sealed class StaticExportNginxTests
{
    [SkippableFact]
    public async Task The_exported_site_served_by_nginx_passes_the_live_sites_checks()
    {
        Requirements.File(NginxServer.Path, "nginx");
        await using var app = await TestApp.StartAsync(TestConfigs.Demo, demo: true);
        using var dir = new TempDir();
        var site = Path.Combine(dir.Path, "www");
        var output = new StringWriter();
        var code = await Pharos.Cli.PharosCli.RunAsync(["export", "--config", Path.Combine(app.DataDirectory, "pharos.yaml"), "--data", app.DataDirectory, "--site", site], output, output);
        code.ShouldBe(0, output.ToString());
        output.ToString().ShouldContain("each with .gz and .br copies");
        foreach (var file in Directory.EnumerateFiles(site, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".gz", StringComparison.Ordinal) && !f.EndsWith(".br", StringComparison.Ordinal) && !Path.GetFileName(f).StartsWith('.')))
        {
            File.Exists(file + ".gz").ShouldBeTrue(file);
            File.Exists(file + ".br").ShouldBeTrue(file);
        }

        var port = PharosProcess.FreePort();
        var conf = await File.ReadAllTextAsync(Path.Combine(PharosProcess.RepositoryRoot(), "deploy", "nginx", "static-site.conf"));
        conf = Swap(conf, "listen 80;", $"listen 127.0.0.1:{port};");
        conf = Swap(conf, "listen [::]:80;", "");
        conf = Swap(conf, "root /var/www/status;", $"root {site};");
        await using var nginx = await NginxServer.StartAsync(dir.Path, conf, port);
        using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        // The same list against both: Pharos first (so a failure here is the check's, not the export's), then nginx.
        await PublicSiteChecks.AllAsync(app.Client, app.Snapshot);
        await PublicSiteChecks.AllAsync(client, app.Snapshot, brotli: false);

        // What only a static copy could get wrong: the export's own files stay hidden, and nginx sends the copies as they are.
        (await client.GetAsync("/.pharos-export")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var gz = new HttpRequestMessage(HttpMethod.Get, "/");
        gz.Headers.AcceptEncoding.ParseAdd("gzip");
        (await client.SendAsync(gz)).Content.Headers.ContentLength.ShouldBe(new FileInfo(Path.Combine(site, "index.html.gz")).Length, "nginx serves the pre-compressed copy, it does not compress");
    }

    private static string Swap(string text, string from, string to)
    {
        var at = text.IndexOf(from, StringComparison.Ordinal);
        at.ShouldBeGreaterThanOrEqualTo(0, $"deploy/nginx/static-site.conf no longer holds '{from}'");
        text.IndexOf(from, at + from.Length, StringComparison.Ordinal).ShouldBe(-1, $"'{from}' is in deploy/nginx/static-site.conf twice");
        return text.Replace(from, to, StringComparison.Ordinal);
    }
}
