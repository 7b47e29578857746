using System.Globalization;
using System.Net;
using System.Text;
using Pharos.SystemTests.Support;
using Xunit.Abstractions;

namespace Pharos.SystemTests.Admin;

/// <summary>An anonymous flood of sign-ins as an attacker sends it, against the real program, measured from outside.</summary>
public sealed class SignInFloodTests(ITestOutputHelper output)
{
    private const int Posts = 2000;
    private const int NameBytes = 1024 * 1024;

    [SkippableFact]
    public async Task Two_thousand_anonymous_sign_ins_with_distinct_megabyte_names_leave_the_servers_memory_within_50_MB()
    {
        Requirements.File("/proc/self/status", "Linux's /proc (to read the server's resident memory)");
        using var dir = new TempDir();
        var config = dir.Write("pharos.yaml", TestConfigs.Basic);
        var port = PharosProcess.FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        await using var pharos = PharosProcess.Start("serve", "--config", config, "--data", Path.Combine(dir.Path, "data"), "--urls", address.ToString().TrimEnd('/'));
        await pharos.WaitUntilServingAsync(new Uri(address, "/admin/login"), TimeSpan.FromSeconds(60));

        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = address };
        var token = AdminBrowser.TokenIn(await client.GetStringAsync("/admin/login"));
        var statuses = new Dictionary<HttpStatusCode, int>();
        async Task PostAsync(int i)
        {
            var status = await PostNameAsync(client, token, i);
            lock (statuses)
            {
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
            }
        }

        // Warmed up at the flood's own concurrency, so the heap has grown to what four requests in flight need:
        // what is measured after is what the flood keeps, not the collector's first growth.
        using var gate = new SemaphoreSlim(4);
        await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                await PostAsync(-1 - i);
            }
            finally
            {
                gate.Release();
            }
        }));

        var before = ResidentBytes(pharos.Id);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Posts).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                await PostAsync(i);
            }
            finally
            {
                gate.Release();
            }
        }));
        clock.Stop();
        var after = ResidentBytes(pharos.Id);

        var growth = (after - before) / (1024.0 * 1024.0);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Posts} posts of {NameBytes / 1024} KiB names in {clock.Elapsed.TotalSeconds:0.0} s; server RSS {before / 1048576.0:0.0} MiB -> {after / 1048576.0:0.0} MiB ({growth:+0.0;-0.0} MiB); answers: {string.Join(", ", statuses.Select(s => $"{(int)s.Key}x{s.Value}"))}"));
        pharos.HasExited.ShouldBeFalse(pharos.Output);
        growth.ShouldBeLessThan(50);
        (await client.GetAsync("/admin/login")).StatusCode.ShouldBe(HttpStatusCode.OK, "still serving");
    }

    private static async Task<HttpStatusCode> PostNameAsync(HttpClient client, string token, int i)
    {
        // name=<i><padding to 1 MiB>&password=…&__csrf=…: distinct names, each as long as the attacker likes.
        var head = Encoding.ASCII.GetBytes($"name={i.ToString(CultureInfo.InvariantCulture)}");
        var tail = Encoding.ASCII.GetBytes($"&password=guess&__csrf={Uri.EscapeDataString(token)}");
        var body = new byte[NameBytes + tail.Length];
        head.CopyTo(body, 0);
        body.AsSpan(head.Length, NameBytes - head.Length).Fill((byte)'n');
        tail.CopyTo(body, NameBytes);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/x-www-form-urlencoded");
        try
        {
            using var response = await client.PostAsync("/admin/login", content);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            // The server may close the connection before reading a body it refuses; that is an answer too.
            return 0;
        }
    }

    /// <summary>VmRSS of a process, from /proc.</summary>
    private static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
