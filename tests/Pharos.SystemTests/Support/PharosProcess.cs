using System.Diagnostics;
using System.Text;

namespace Pharos.SystemTests.Support;

/// <summary>The real `pharos` program as a child process, for what only a process shows: signals, exit codes, files.</summary>
public sealed class PharosProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private Action? _cleanup;

    private PharosProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>pharos.dll sits beside the test assembly because the test project references the program.</summary>
    public static PharosProcess Start(params string[] args) =>
        Start("dotnet", Environment.CurrentDirectory, [Path.Combine(AppContext.BaseDirectory, "pharos.dll"), .. args]);

    /// <summary>pharos inside a network namespace (`ip netns exec`, which execs: the process is pharos itself).</summary>
    public static PharosProcess StartIn(string netns, params string[] args) =>
        Start("ip", Environment.CurrentDirectory, ["netns", "exec", netns, "dotnet", Path.Combine(AppContext.BaseDirectory, "pharos.dll"), .. args]);

    /// <summary>As <see cref="Start(string[])"/>, with environment variables set for the child (OTEL_*, secrets).</summary>
    public static PharosProcess StartWith(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Start("dotnet", Environment.CurrentDirectory, [Path.Combine(AppContext.BaseDirectory, "pharos.dll"), .. args], environment);

    /// <summary>
    /// The repository's `./pharos` wrapper, typed in <paramref name="workingDirectory"/>. It runs from a checkout of
    /// its own whose build output is this test's pharos.dll, so the wrapper finds nothing to build.
    /// </summary>
    public static PharosProcess StartWrapper(string workingDirectory, params string[] args)
    {
        var checkout = Path.Combine(Path.GetTempPath(), "pharos-checkout-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(checkout, "artifacts"));
        var wrapper = Path.Combine(checkout, "pharos");
        File.Copy(Path.Combine(RepositoryRoot(), "pharos"), wrapper);
        Directory.CreateSymbolicLink(Path.Combine(checkout, "artifacts", "pharos"), AppContext.BaseDirectory.TrimEnd('/'));
        var process = Start("bash", workingDirectory, [wrapper, .. args]);
        process._cleanup = () => Directory.Delete(checkout, recursive: true);
        return process;
    }

    /// <summary>The checkout these tests were built from: the folder above the test assembly that holds Pharos.slnx.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pharos.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Pharos.slnx above {AppContext.BaseDirectory}");
    }

    private static PharosProcess Start(string file, string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return new PharosProcess(Process.Start(info)!);
    }

    public static int FreePort() => Pharos.Dns.Tests.Interop.ExternalTool.FreePort();

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal does.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>SIGKILL: no shutdown code runs, as when the machine loses power or the OOM killer strikes.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>Polls until the URL answers 200 or the process dies or the deadline passes.</summary>
    public async Task WaitUntilServingAsync(Uri url, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"pharos exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await http.GetAsync(url)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow start on a loaded machine; ask again.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"pharos did not serve {url} within {timeout}:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _cleanup?.Invoke();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
