namespace Pharos.Dns.Tests.Interop;

/// <summary>Runs dig or kdig against a loopback server and returns its output.</summary>
internal static class Dig
{
    public static async Task<string> RunAsync(int port, params string[] args) => await RunToolAsync("dig", port, args);

    public static async Task<string> KdigAsync(int port, params string[] args) => await RunToolAsync("kdig", port, args);

    private static async Task<string> RunToolAsync(string tool, int port, string[] args)
    {
        var path = ExternalTool.Require(tool);
        var all = new List<string> { "@127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), tool == "dig" ? "+tries=1" : "+retry=0", "+time=2" };
        all.AddRange(args);
        var (exit, output, error) = await ExternalTool.RunAsync(path, all, TimeSpan.FromSeconds(30));
        if (exit != 0 && exit != 9)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', all)} exited {exit}: {error}{output}");
        }

        return output;
    }

    /// <summary>Just the answer lines of <c>+short</c>-style output, trimmed and sorted.</summary>
    public static async Task<IReadOnlyList<string>> ShortAsync(int port, params string[] args)
    {
        var output = await RunAsync(port, [.. args, "+short"]);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal).ToList();
    }
}
