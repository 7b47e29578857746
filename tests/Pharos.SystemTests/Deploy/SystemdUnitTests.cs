using System.Diagnostics;
using Pharos.Cli;
using Pharos.SystemTests.Support;

namespace Pharos.SystemTests.Deploy;

/// <summary>deploy/systemd: the hardening an operator expects, an ExecStart that `pharos` accepts, and systemd's own verdict.</summary>
public sealed class SystemdUnitTests
{
    private static string Deploy(string file) => Path.Combine(PharosProcess.RepositoryRoot(), "deploy", "systemd", file);

    /// <summary>The settings both units must carry; a unit that loses one fails here.</summary>
    private static readonly Dictionary<string, string> Hardening = new()
    {
        ["User"] = "pharos",
        ["NoNewPrivileges"] = "yes",
        ["ProtectSystem"] = "strict",
        ["ProtectHome"] = "yes",
        ["PrivateTmp"] = "yes",
        ["PrivateDevices"] = "yes",
        ["RestrictAddressFamilies"] = "AF_UNIX AF_INET AF_INET6 AF_NETLINK",
        ["SystemCallFilter"] = "@system-service",
        ["SystemCallArchitectures"] = "native",
        ["Restart"] = "on-failure",
        ["Type"] = "exec",
    };

    [Theory]
    [InlineData("pharos.service")]
    [InlineData("pharos-probe@.service")]
    public void Units_are_hardened_and_never_wait_for_a_readiness_notification(string file)
    {
        var unit = UnitFile.Load(Deploy(file));
        foreach (var (key, value) in Hardening)
        {
            unit.Service(key).ShouldBe(value, $"{file}: {key}");
        }

        unit.Service("StateDirectory").ShouldStartWith("pharos");
        unit.Service("MemoryMax").ShouldMatch("^[0-9]+[MG]$");
        unit.Get("Service", "MemoryDenyWriteExecute").ShouldBeNull("the .NET JIT needs writable executable memory");
        unit.Get("Service", "DynamicUser").ShouldBeNull("the data folder keeps one owner across reinstalls");
    }

    [Fact]
    public void The_server_may_bind_port_53_and_nothing_more_and_runs_serve_with_its_state_directory()
    {
        var unit = UnitFile.Load(Deploy("pharos.service"));
        unit.Service("CapabilityBoundingSet").ShouldBe("CAP_NET_BIND_SERVICE");
        unit.Service("AmbientCapabilities").ShouldBe("CAP_NET_BIND_SERVICE");

        var args = unit.Service("ExecStart").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        args[0].ShouldBe("/opt/pharos/pharos", "the apphost `dotnet publish` writes (docs/operations.md)");
        var parse = PharosCli.Build().Parse(args[1..]);
        parse.Errors.ShouldBeEmpty();
        parse.CommandResult.Command.Name.ShouldBe("serve");
        Value(args, "--data").ShouldBe("/var/lib/" + unit.Service("StateDirectory"));
        Value(args, "--config").ShouldStartWith("/etc/" + unit.Service("ConfigurationDirectory") + "/");
        unit.Service("WorkingDirectory").ShouldBe(Value(args, "--data"));
    }

    [Fact]
    public void The_probe_template_reads_its_token_from_a_credential_and_has_no_capability()
    {
        var unit = UnitFile.Load(Deploy("pharos-probe@.service"));
        unit.Service("CapabilityBoundingSet").ShouldBe("");
        unit.Service("LoadCredential").ShouldStartWith("probe-token:");

        var exec = unit.Service("ExecStart").Replace("${PHAROS_SERVER}", "https://status.example.com/", StringComparison.Ordinal)
            .Replace("%i", "fra1", StringComparison.Ordinal).Replace("%d", "/run/credentials/pharos-probe@fra1.service", StringComparison.Ordinal);
        var args = exec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        args[0].ShouldBe("/opt/pharos/pharos");
        Value(args, "--token-file").ShouldBe("/run/credentials/pharos-probe@fra1.service/probe-token", "the token never appears on the command line");
        args.ShouldNotContain("--token");
        Value(args, "--data").ShouldBe("/var/lib/" + unit.Service("StateDirectory").Replace("%i", "fra1", StringComparison.Ordinal));
        var root = PharosCli.Build();
        if (root.Subcommands.Any(c => c.Name == "probe"))
        {
            // `pharos probe` comes with the remote-probe work; once it is in the binary, its options must take these.
            root.Parse(args[1..]).Errors.ShouldBeEmpty();
        }
    }

    [SkippableFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Systemd_analyze_verify_finds_nothing_to_say()
    {
        Requirements.File("/usr/bin/systemd-analyze", "systemd-analyze (systemd)");
        // A root of its own: systemd's units, the two unit files and an executable where ExecStart looks; no running systemd.
        var root = Path.Combine(Path.GetTempPath(), "pharos-systemd-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            CopyDirectory("/usr/lib/systemd/system", Path.Combine(root, "usr/lib/systemd/system"));
            var units = Directory.CreateDirectory(Path.Combine(root, "etc/systemd/system")).FullName;
            File.Copy(Deploy("pharos.service"), Path.Combine(units, "pharos.service"));
            File.Copy(Deploy("pharos-probe@.service"), Path.Combine(units, "pharos-probe@.service"));
            var binary = Path.Combine(Directory.CreateDirectory(Path.Combine(root, "opt/pharos")).FullName, "pharos");
            await File.WriteAllTextAsync(binary, "#!/bin/sh\n");
            File.SetUnixFileMode(binary, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);

            var (code, output) = await RunAsync("systemd-analyze", "verify", "--man=no", "--root=" + root, "pharos.service", "pharos-probe@fra1.service");
            code.ShouldBe(0, output);
            output.ShouldNotContain("pharos", Case.Insensitive, $"every line systemd-analyze writes about our units is a warning:\n{output}");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Value(string[] args, string option)
    {
        var i = Array.IndexOf(args, option);
        i.ShouldBeGreaterThan(0, $"{option} is missing");
        return args[i + 1];
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(to, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else if (entry is DirectoryInfo dir)
            {
                CopyDirectory(dir.FullName, target);
            }
            else
            {
                File.Copy(entry.FullName, target);
            }
        }
    }

    internal static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
