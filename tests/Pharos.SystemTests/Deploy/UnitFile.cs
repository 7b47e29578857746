namespace Pharos.SystemTests.Deploy;

/// <summary>A systemd unit file read as systemd reads it: sections, repeated keys kept in order, comments and blank lines left out.</summary>
public sealed class UnitFile
{
    private readonly List<(string Section, string Key, string Value)> _entries = [];

    public static UnitFile Load(string path)
    {
        var unit = new UnitFile();
        var section = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[')
            {
                section = line.Trim('[', ']');
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            eq.ShouldBeGreaterThan(0, $"{path}: '{line}' is not key=value");
            unit._entries.Add((section, line[..eq].Trim(), line[(eq + 1)..].Trim()));
        }

        return unit;
    }

    public IReadOnlyList<string> All(string section, string key) =>
        _entries.Where(e => e.Section == section && e.Key == key).Select(e => e.Value).ToList();

    /// <summary>The value in force: the last one, as systemd takes it for single-valued keys.</summary>
    public string? Get(string section, string key) => All(section, key).LastOrDefault();

    public string Service(string key) => Get("Service", key) ?? throw new ShouldAssertException($"[Service] has no {key}=");
}
