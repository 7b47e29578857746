using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Pharos.Accounts;
using Pharos.StaticSite;
using Pharos.Tests.Support;

namespace Pharos.Tests.StaticSite;

public sealed class SiteExportWatchTests
{
    [Fact]
    public async Task A_change_through_the_write_path_reaches_the_files_within_a_second_and_no_reader_sees_half_a_file()
    {
        await using var app = await TestApp.StartAsync();
        using var dir = new TempDir();
        var site = Path.Combine(dir.Path, "site");
        // The exporter opens the database on its own, as `pharos export --watch` in another process does.
        var config = ConfigLoader.LoadFile(Path.Combine(app.DataDirectory, "pharos.yaml"));
        await using var services = StaticSiteServices.Build(config, config.Storage.Open(app.DataDirectory));
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var watching = services.GetRequiredService<SiteExporter>().WatchAsync(site, null, stop.Token);
        var summary = Path.Combine(site, "api", "v2", "summary.json");
        var home = Path.Combine(site, "index.html");
        await Eventually.TrueAsync(() => File.Exists(summary) && File.Exists(home), TimeSpan.FromSeconds(20), "the first export");

        using var readers = new CancellationTokenSource();
        var reading = Task.Run(() => ReadContinuously(site, readers.Token));

        using var api = await app.ApiClientAsync(Scopes.Read, Scopes.IncidentsWrite);
        var created = await api.PostJsonAsync("/api/v1/incidents", new { name = "Watched <checkout> & cart", impact = "major", components = new Dictionary<string, string> { ["app"] = "major_outage" }, message = "Looking into it." });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var clock = Stopwatch.StartNew();
        var id = (await created.JsonAsync()).GetProperty("id").GetString()!;
        var page = Path.Combine(site, "incidents", id + ".html");
        var badge = Path.Combine(site, "badge", "app.svg");
        await Eventually.TrueAsync(
            () => Read(summary).Contains(id, StringComparison.Ordinal) && File.Exists(page) && Read(home).Contains("Watched &lt;checkout&gt; &amp; cart", StringComparison.Ordinal) && Read(badge).Contains("Major outage", StringComparison.Ordinal),
            TimeSpan.FromSeconds(1),
            "the new incident in summary.json, on the home page, its own page and the badge, within a second");
        var appeared = clock.Elapsed;

        (await api.PostJsonAsync($"/api/v1/incidents/{id}/resolve", new { message = "Fixed." })).StatusCode.ShouldBe(HttpStatusCode.OK);
        clock.Restart();
        // One pass writes its files side by side, each by rename: the summary and the page may land a moment apart.
        await Eventually.TrueAsync(() => !Read(summary).Contains(id, StringComparison.Ordinal) && Read(page).Contains("Fixed.", StringComparison.Ordinal), TimeSpan.FromSeconds(1), "the resolve in summary.json and on the incident's page, within a second");
        var resolved = clock.Elapsed;

        await readers.CancelAsync();
        var (reads, torn) = await reading;
        torn.ShouldBeEmpty();
        reads.ShouldBeGreaterThan(10, "the readers ran through the changes");
        await stop.CancelAsync();
        await watching;
        Directory.EnumerateFiles(site, "*.tmp", SearchOption.AllDirectories).ShouldBeEmpty("every temporary file was renamed into place");
        Console.WriteLine($"appeared after {appeared.TotalMilliseconds:0} ms, resolved after {resolved.TotalMilliseconds:0} ms, {reads} whole reads");
    }

    [Fact]
    public async Task A_second_export_writes_nothing_that_did_not_change_and_removes_pages_that_are_gone()
    {
        await using var app = await TestApp.StartAsync();
        await app.Store.SeedIncidentAsync(Samples.Incident("gone00000001", DateTimeOffset.UtcNow.AddHours(-1)), CancellationToken.None);
        using var dir = new TempDir();
        var config = ConfigLoader.LoadFile(Path.Combine(app.DataDirectory, "pharos.yaml"));
        await using var services = StaticSiteServices.Build(config, config.Storage.Open(app.DataDirectory));
        var exporter = services.GetRequiredService<SiteExporter>();
        var first = await exporter.ExportOnceAsync(dir.Path, CancellationToken.None);
        first.Written.ShouldBe(first.Files);
        var page = Path.Combine(dir.Path, "incidents", "gone00000001.html");
        File.Exists(page).ShouldBeTrue();
        File.Exists(page + ".br").ShouldBeTrue();

        var css = Path.Combine(dir.Path, "assets", "status.css");
        var cssWritten = File.GetLastWriteTimeUtc(css);
        await using (var c = await app.Services.GetRequiredService<Pharos.Storage.Database>().OpenAsync(CancellationToken.None))
        {
            // Pharos never deletes an incident; an operator's hand in the database is the one way a page goes.
            await Dapper.SqlMapper.ExecuteAsync(c, "DELETE FROM incident_updates WHERE incident_id = 'gone00000001'");
            await Dapper.SqlMapper.ExecuteAsync(c, "DELETE FROM incident_components WHERE incident_id = 'gone00000001'");
            await Dapper.SqlMapper.ExecuteAsync(c, "DELETE FROM incidents WHERE id = 'gone00000001'");
        }

        var second = await exporter.ExportOnceAsync(dir.Path, CancellationToken.None);
        second.Removed.ShouldBe(1 + config.Site.Languages.Count, "the page goes, and so does its copy under each language's prefix");
        second.Written.ShouldBeLessThan(second.Files, "unchanged files are left as they are");
        File.Exists(page).ShouldBeFalse();
        File.Exists(page + ".gz").ShouldBeFalse();
        File.Exists(page + ".br").ShouldBeFalse();
        File.GetLastWriteTimeUtc(css).ShouldBe(cssWritten);
    }

    private static string Read(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    /// <summary>Reads the page, the summary and their compressed copies over and over; each read must be a whole document.</summary>
    private static (int Reads, List<string> Torn) ReadContinuously(string site, CancellationToken ct)
    {
        var torn = new List<string>();
        var reads = 0;
        var summary = Path.Combine(site, "api", "v2", "summary.json");
        var home = Path.Combine(site, "index.html");
        while (!ct.IsCancellationRequested)
        {
            foreach (var (path, whole) in new (string, Func<byte[], bool>)[]
                     {
                         (summary, JsonWhole), (summary + ".gz", b => JsonWhole(Decode(b, false))), (summary + ".br", b => JsonWhole(Decode(b, true))),
                         (home, HtmlWhole), (home + ".gz", b => HtmlWhole(Decode(b, false))), (home + ".br", b => HtmlWhole(Decode(b, true))),
                     })
            {
                var bytes = File.ReadAllBytes(path);
                reads++;
                bool ok;
                try
                {
                    ok = whole(bytes);
                }
                catch (Exception e) when (e is JsonException or InvalidDataException or IOException)
                {
                    ok = false;
                }

                if (!ok)
                {
                    torn.Add($"{path}: {bytes.Length} bytes");
                }
            }
        }

        return (reads, torn);
    }

    private static bool JsonWhole(byte[] bytes)
    {
        using var doc = JsonDocument.Parse(bytes);
        return doc.RootElement.TryGetProperty("status", out _);
    }

    private static bool HtmlWhole(byte[] bytes) => Encoding.UTF8.GetString(bytes).TrimEnd().EndsWith("</html>", StringComparison.Ordinal);

    private static byte[] Decode(byte[] bytes, bool brotli)
    {
        using var input = new MemoryStream(bytes);
        using Stream decoder = brotli ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }
}
