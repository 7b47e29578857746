using System.Text.Json;
using Pharos.Cli;
using Pharos.SystemTests.Support;

namespace Pharos.SystemTests.Deploy;

/// <summary>
/// deploy/container/Containerfile, without docker or podman (neither is on these machines): what it copies exists, what
/// it runs is what `dotnet publish` writes and `pharos` accepts, and its HEALTHCHECK command works against a real Pharos.
/// </summary>
public sealed class ContainerfileTests
{
    private static readonly string Root = PharosProcess.RepositoryRoot();

    /// <summary>Instructions with their continuation lines joined, comments left out.</summary>
    private static List<(string Op, string Args)> Instructions()
    {
        var list = new List<(string, string)>();
        var pending = "";
        foreach (var raw in File.ReadAllLines(Path.Combine(Root, "deploy", "container", "Containerfile")))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
            {
                continue;
            }

            pending += line.TrimEnd('\\').Trim() + " ";
            if (!line.EndsWith('\\'))
            {
                var text = pending.Trim();
                var space = text.IndexOf(' ', StringComparison.Ordinal);
                list.Add((text[..space].ToUpperInvariant(), text[(space + 1)..]));
                pending = "";
            }
        }

        return list;
    }

    private static string[] Exec(string json) => JsonSerializer.Deserialize<string[]>(json)!;

    [Fact]
    public void Build_stage_copies_what_the_repository_has_and_the_runtime_runs_what_publish_writes()
    {
        var all = Instructions();
        var froms = all.Where(i => i.Op == "FROM").Select(i => i.Args).ToList();
        froms.ShouldBe(["mcr.microsoft.com/dotnet/sdk:10.0 AS build", "mcr.microsoft.com/dotnet/aspnet:10.0"]);

        foreach (var (_, args) in all.Where(i => i.Op == "COPY" && !i.Args.StartsWith("--from", StringComparison.Ordinal)))
        {
            var parts = args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var source in parts[..^1])
            {
                Path.Exists(Path.Combine(Root, source)).ShouldBeTrue($"COPY {source}: not in the repository");
            }
        }

        var publish = all.Single(i => i.Op == "RUN" && i.Args.Contains("dotnet publish", StringComparison.Ordinal)).Args;
        var output = publish.Split(' ')[Array.IndexOf(publish.Split(' '), "-o") + 1];
        var copy = all.Single(i => i.Op == "COPY" && i.Args.StartsWith("--from=build", StringComparison.Ordinal)).Args.Split(' ');
        copy[1].ShouldBe(output, "the runtime takes the publish output");
        var entry = Exec(all.Single(i => i.Op == "ENTRYPOINT").Args);
        entry[0].ShouldBe("dotnet");
        entry[1].ShouldBe(copy[2] + "/pharos.dll");
        File.Exists(Path.Combine(AppContext.BaseDirectory, "pharos.dll")).ShouldBeTrue("the program's build output holds pharos.dll");
    }

    [Fact]
    public void It_runs_serve_unprivileged_on_its_volume_and_exposes_web_and_dns()
    {
        var all = Instructions();
        all.Single(i => i.Op == "USER").Args.ShouldBe("$APP_UID", "the runtime image's non-root user");
        var cmd = Exec(all.Single(i => i.Op == "CMD").Args);
        var parse = PharosCli.Build().Parse(cmd);
        parse.Errors.ShouldBeEmpty();
        parse.CommandResult.Command.Name.ShouldBe("serve");
        var data = cmd[Array.IndexOf(cmd, "--data") + 1];
        all.Single(i => i.Op == "VOLUME").Args.ShouldBe(data);
        cmd[Array.IndexOf(cmd, "--urls") + 1].ShouldBe("http://0.0.0.0:8080", "reachable from outside the container");
        all.Single(i => i.Op == "EXPOSE").Args.Split(' ').ShouldBe(["8080", "53/udp", "53/tcp"], ignoreOrder: true);
        var compose = File.ReadAllText(Path.Combine(Root, "deploy", "container", "compose.yaml"));
        compose.ShouldContain("dockerfile: deploy/container/Containerfile");
        compose.ShouldContain("/etc/pharos/pharos.yaml:ro");
    }

    [Fact]
    public async Task The_healthcheck_command_passes_against_a_serving_pharos_and_fails_when_none_listens()
    {
        var health = Instructions().Single(i => i.Op == "HEALTHCHECK").Args;
        var json = health[health.IndexOf("CMD ", StringComparison.Ordinal)..][4..];
        var command = Exec(json);
        command[0].ShouldBe("bash");
        command[2].ShouldContain("/dev/tcp/127.0.0.1/8080");
        command[2].ShouldContain("GET /healthz ");

        var port = PharosProcess.FreePort();
        var data = Path.Combine(Path.GetTempPath(), "pharos-health-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var script = command[2].Replace("/8080", "/" + port, StringComparison.Ordinal);
            (await SystemdUnitTests.RunAsync("bash", "-c", script)).Code.ShouldNotBe(0, "nothing listens yet");
            Directory.CreateDirectory(data);
            var config = Path.Combine(data, "pharos.yaml");
            await File.WriteAllTextAsync(config, "site:\n  name: Container Health\n");
            await using var pharos = PharosProcess.Start("serve", "--config", config, "--data", data, "--urls", $"http://127.0.0.1:{port}");
            await pharos.WaitUntilServingAsync(new Uri($"http://127.0.0.1:{port}/healthz"), TimeSpan.FromSeconds(60));
            var (code, output) = await SystemdUnitTests.RunAsync("bash", "-c", script);
            code.ShouldBe(0, output);
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }
}
