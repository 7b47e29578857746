using Microsoft.Data.Sqlite;
using Pharos.Cli;
using Pharos.SystemTests.Support;

namespace Pharos.SystemTests.Probes;

/// <summary>
/// A real `pharos probe` process whose server goes away: it buffers on disk, is killed with SIGKILL while holding
/// batches, and after a restart (the server back too) replays them, each recorded once and none lost.
/// </summary>
public sealed class ProbeBufferSystemTests
{
    [Fact]
    public async Task A_probe_killed_with_batches_on_disk_replays_them_after_restart_each_once()
    {
        using var dir = new TempDir();
        await using var target = await LoopbackServer.StartAsync();
        var port = PharosProcess.FreePort();
        var url = $"http://127.0.0.1:{port}/";
        var data = Path.Combine(dir.Path, "data");
        var probeData = Path.Combine(dir.Path, "probe");
        var config = dir.Write("pharos.yaml", $"""
            site:
              name: Buffer
            components:
              - id: app
                name: App
            checks:
              - id: web
                type: http
                url: {target.Url("/")}
                component: app
                interval: 1s
                timeout: 800ms
                locations: [edge]
            """);
        var tokenFile = dir.Write("edge.token", await CliAsync("probe", "add", "edge-1", "--location", "edge", "--data", data));
        string[] serve = ["serve", "--config", config, "--data", data, "--urls", url.TrimEnd('/'), "--dns-port", "0"];
        string[] probe = ["probe", "--server", url, "--token-file", tokenFile, "--location", "edge", "--data", probeData];

        var server = PharosProcess.Start(serve);
        var agent = PharosProcess.Start(probe);
        try
        {
            await server.WaitUntilServingAsync(new Uri(url), TimeSpan.FromSeconds(60));
            await Eventually.TrueAsync(() => LastSequence(data) >= 2, TimeSpan.FromSeconds(60), "the probe's first batches");

            server.Kill();
            await server.WaitForExitAsync(TimeSpan.FromSeconds(10));
            var away = DateTimeOffset.UtcNow;
            var spool = Path.Combine(probeData, "spool");
            await Eventually.TrueAsync(() => Directory.GetFiles(spool, "*.batch").Length >= 4, TimeSpan.FromSeconds(30), "batches to wait on disk");
            var killed = DateTimeOffset.UtcNow;
            agent.Kill();
            await agent.WaitForExitAsync(TimeSpan.FromSeconds(10));
            var held = Directory.GetFiles(spool, "*.batch").Select(f => long.Parse(Path.GetFileNameWithoutExtension(f), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            held.Count.ShouldBeGreaterThanOrEqualTo(4);

            await server.DisposeAsync();
            await agent.DisposeAsync();
            server = PharosProcess.Start(serve);
            await server.WaitUntilServingAsync(new Uri(url), TimeSpan.FromSeconds(60));
            agent = PharosProcess.Start(probe);
            await Eventually.TrueAsync(() => LastSequence(data) > held.Max(), TimeSpan.FromSeconds(60), "the replay and the batches after it");

            var (rows, distinct, during) = Results(data, away, killed);
            rows.ShouldBe(distinct, "no result recorded twice");
            during.ShouldBeGreaterThanOrEqualTo(3, "the results taken while the server was away arrived");
            agent.Output.ShouldNotContain("Unhandled exception");
        }
        finally
        {
            await agent.DisposeAsync();
            await server.DisposeAsync();
        }
    }

    private static async Task<string> CliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        (await PharosCli.RunAsync(args, output, error)).ShouldBe(0, error.ToString());
        return output.ToString().Trim();
    }

    private static SqliteConnection Open(string data)
    {
        var c = new SqliteConnection($"Data Source={Path.Combine(data, "pharos.db")};Mode=ReadOnly;Pooling=False");
        c.Open();
        return c;
    }

    private static long LastSequence(string data)
    {
        using var c = Open(data);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT last_sequence FROM probes WHERE name = 'edge-1'";
        return (long)(cmd.ExecuteScalar() ?? 0L);
    }

    private static (long Rows, long Distinct, long During) Results(string data, DateTimeOffset away, DateTimeOffset killed)
    {
        using var c = Open(data);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*), COUNT(DISTINCT at), SUM(CASE WHEN at >= $away AND at < $killed THEN 1 ELSE 0 END) FROM check_results WHERE check_id = 'web' AND location = 'edge'";
        cmd.Parameters.AddWithValue("$away", away.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$killed", killed.ToUnixTimeMilliseconds());
        using var r = cmd.ExecuteReader();
        r.Read();
        return (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
    }
}
