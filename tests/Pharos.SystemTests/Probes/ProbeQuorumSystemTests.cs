using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Pharos.Cli;
using Pharos.SystemTests.Support;

namespace Pharos.SystemTests.Probes;

/// <summary>
/// The issue's three-probe test: `pharos serve` and three `pharos probe` processes, each in its own network
/// namespace, a monitored web server and a canary in two more, all on one bridge. Cutting one probe off from
/// everything moves nothing and reports its location impaired; cutting the server and all three probes off moves
/// nothing either; cutting two probes off from the service alone fails over (quorum 2).
/// </summary>
public sealed class ProbeQuorumSystemTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    private static string Config(NetworkLab lab) => $$"""
        site:
          name: Lab
        components:
          - id: app
            name: App
        monitoring:
          location: hq
          canaries: [canary]
          quorum_window: 5s
        checks:
          - id: web
            type: http
            url: http://{{lab.Address(2)}}:8000/
            component: app
            interval: 1s
            timeout: 800ms
            fail_after: 3
            locations: [hq, p1, p2, p3]
            quorum: 2
          - id: canary
            type: http
            url: http://{{lab.Address(3)}}:8000/
            interval: 1s
            timeout: 800ms
        dns:
          listen: ["{{lab.Address(1)}}:5353"]
        failover:
          policies:
            - id: shop
              zone: example.test
              provider: { type: builtin }
              records: ["@", www]
              ttl: 60s
              primary: { A: [{{lab.Address(2)}}] }
              failover: { A: [{{lab.Address(3)}}] }
              components: [app]
              trigger: { checks: [web], fail_after: 3, quorum: 2 }
              failback: { mode: manual }
        """;

    [SkippableFact]
    public async Task One_probe_cut_off_is_impaired_and_moves_nothing_all_cut_off_moves_nothing_two_cut_from_the_service_fail_over()
    {
        using var lab = NetworkLab.Create();
        using var dir = new TempDir();
        var srv = lab.AddMember("srv", 1);
        var svc = lab.AddMember("svc", 2);
        var can = lab.AddMember("can", 3);
        var probes = new[] { lab.AddMember("p1", 11), lab.AddMember("p2", 12), lab.AddMember("p3", 13) };
        string service = lab.Address(2), canary = lab.Address(3);

        var www = Directory.CreateDirectory(Path.Combine(dir.Path, "www")).FullName;
        await File.WriteAllTextAsync(Path.Combine(www, "index.html"), "ok");
        using var web = NetworkLab.Start(svc, "/usr/bin/python3", "-m", "http.server", "8000", "--bind", service, "--directory", www);
        using var canaryServer = NetworkLab.Start(can, "/usr/bin/python3", "-m", "http.server", "8000", "--bind", canary, "--directory", www);
        var data = Path.Combine(dir.Path, "data");
        var config = dir.Write("pharos.yaml", Config(lab));
        var readToken = await CliAsync("token", "create", "--scopes", "read", "--name", "lab", "--data", data);
        var processes = new List<PharosProcess>();
        try
        {
            var server = PharosProcess.StartIn(srv, "serve", "--config", config, "--data", data, "--urls", $"http://{lab.Address(1)}:8080");
            processes.Add(server);
            var baseUrl = new Uri($"http://{lab.Address(1)}:8080/");
            await server.WaitUntilServingAsync(baseUrl, TimeSpan.FromSeconds(60));
            for (var i = 0; i < 3; i++)
            {
                var name = $"p{i + 1}";
                var tokenFile = dir.Write($"{name}.token", await CliAsync("probe", "add", name, "--location", name, "--data", data));
                processes.Add(PharosProcess.StartIn(probes[i], "probe", "--server", baseUrl.ToString(), "--token-file", tokenFile, "--location", name, "--data", Path.Combine(dir.Path, name)));
            }

            using var api = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(5) };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", readToken);
            string[] all = ["hq", "p1", "p2", "p3"];
            await Eventually.TrueAsync(
                async () => processes.All(p => !p.HasExited) ? (await LocationsAsync(api)).Count(l => all.Contains(l.Name) && l.Heard && !l.Impaired) == 4 : throw new InvalidOperationException("a pharos process exited"),
                TimeSpan.FromSeconds(90),
                "every location to report");
            (await PolicyAsync(api)).ShouldBe("Primary");
            (await DigAsync(lab)).ShouldBe(service);

            // One probe cut off from everything but the server: its location is impaired, nothing moves.
            lab.Cut(probes[0], service);
            lab.Cut(probes[0], canary);
            await Eventually.TrueAsync(async () => (await LocationsAsync(api)).Any(l => l.Name == "p1" && l.Impaired), Patience, "p1 to be reported impaired");
            await Eventually.TrueAsync(() => Task.FromResult(Events(data, "location.impaired").Contains("p1")), Patience, "the location.impaired event for p1");
            await Task.Delay(TimeSpan.FromSeconds(5)); // well past fail_after: a move would have come by now
            (await PolicyAsync(api)).ShouldBe("Primary");
            lab.Mend(probes[0], service);
            lab.Mend(probes[0], canary);
            await Eventually.TrueAsync(async () => (await LocationsAsync(api)).All(l => !l.Impaired), Patience, "p1 to recover");

            // The server and all three probes cut off from the service and the canary: every location impaired, nothing moves.
            foreach (var ns in probes.Append(srv))
            {
                lab.Cut(ns, service);
                lab.Cut(ns, canary);
            }

            await Eventually.TrueAsync(async () => (await LocationsAsync(api)).Count(l => all.Contains(l.Name) && l.Impaired) == 4, Patience, "every location to be impaired");
            await Task.Delay(TimeSpan.FromSeconds(6));
            (await PolicyAsync(api)).ShouldBe("Primary");
            (await DigAsync(lab)).ShouldBe(service);
            foreach (var ns in probes.Append(srv))
            {
                lab.Mend(ns, service);
                lab.Mend(ns, canary);
            }

            await Eventually.TrueAsync(async () => (await LocationsAsync(api)).All(l => !l.Impaired), Patience, "every location to recover");
            (await PolicyAsync(api)).ShouldBe("Primary");

            // Two probes cut off from the service alone (their canary passes, so they are not impaired): quorum 2, failover.
            lab.Cut(probes[0], service);
            lab.Cut(probes[1], service);
            await Eventually.TrueAsync(async () => await PolicyAsync(api) is "FailedOver", Patience, "the policy to fail over");
            await Eventually.TrueAsync(async () => await DigAsync(lab) == canary, TimeSpan.FromSeconds(10), "DNS to answer the failover address");
            Events(data, "location.impaired").ShouldBe(["p1", "hq", "p1", "p2", "p3"], ignoreOrder: true);
        }
        catch (Exception e) when (e is ShouldAssertException or TimeoutException or InvalidOperationException)
        {
            // What the processes said is what explains a failure here.
            throw new ShouldAssertException(e.Message + "\n" + string.Join("\n----\n", processes.Select(p => p.Output[Math.Max(0, p.Output.Length - 4000)..])), e);
        }
        finally
        {
            foreach (var p in processes)
            {
                await p.DisposeAsync();
            }

            Kill(web);
            Kill(canaryServer);
        }
    }

    private static async Task<string> CliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PharosCli.RunAsync(args, output, error);
        code.ShouldBe(0, error.ToString());
        return output.ToString().Trim();
    }

    private sealed record Location(string Name, bool Heard, bool Impaired);

    private static async Task<IReadOnlyList<Location>> LocationsAsync(HttpClient api)
    {
        try
        {
            using var doc = JsonDocument.Parse(await api.GetStringAsync("api/v1/locations"));
            return doc.RootElement.EnumerateArray().Select(l => new Location(
                l.GetProperty("location").GetString()!,
                l.GetProperty("last_result_at").ValueKind != JsonValueKind.Null,
                l.GetProperty("impaired").GetBoolean())).ToList();
        }
        catch (HttpRequestException)
        {
            return [];
        }
    }

    private static async Task<string> PolicyAsync(HttpClient api)
    {
        using var doc = JsonDocument.Parse(await api.GetStringAsync("api/v1/failover/shop"));
        return doc.RootElement.GetProperty("state").GetString()!;
    }

    private static async Task<string> DigAsync(NetworkLab lab)
    {
        var info = new ProcessStartInfo("dig", ["@" + lab.Address(1), "-p", "5353", "+short", "+time=2", "+tries=1", "www.example.test", "A"]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var dig = Process.Start(info)!;
        var text = await dig.StandardOutput.ReadToEndAsync();
        await dig.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        return text.Trim();
    }

    /// <summary>The subjects of the events of a kind in the server's event log, oldest first.</summary>
    private static List<string> Events(string data, string kind)
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(data, "pharos.db")};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT subject_id FROM domain_events WHERE kind = $kind ORDER BY sequence";
        cmd.Parameters.AddWithValue("$kind", kind);
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read())
        {
            list.Add(r.GetString(0));
        }

        return list;
    }

    private static void Kill(Process p)
    {
        if (!p.HasExited)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit(5000);
        }
    }
}
