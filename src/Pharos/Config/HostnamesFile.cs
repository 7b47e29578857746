namespace Pharos.Config;

/// <summary>
/// A `hostnames_file`: one host name a line, `#` starting a comment, blank lines ignored. Read at start and again when
/// it changes, so a platform adds a customer's domain by appending a line; each bad line is an error at its line.
/// </summary>
public static class HostnamesFile
{
    /// <summary>The names in file order (lower case, no trailing dot) and an error for each line that is not one.</summary>
    public sealed record Result(IReadOnlyList<string> Names, IReadOnlyList<ConfigError> Errors);

    /// <summary>Reads and checks the file; an unreadable file throws (IOException, UnauthorizedAccessException).</summary>
    /// <param name="wildcards">Whether `*.example.com` is a name here (the failover site serves wildcards; a check cannot probe one).</param>
    /// <param name="taken">Names already given elsewhere (an inline `hostnames` list), which the file must not repeat.</param>
    public static Result Read(string path, bool wildcards, IEnumerable<string>? taken = null)
    {
        var names = new List<string>();
        var errors = new List<ConfigError>();
        var firstLine = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in taken ?? [])
        {
            firstLine.TryAdd(name, 0);
        }

        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var hash = raw.IndexOf('#', StringComparison.Ordinal);
            var text = (hash >= 0 ? raw[..hash] : raw).Trim();
            if (text.Length == 0)
            {
                continue;
            }

            var name = Normalize(text);
            if (!IsHostname(name, wildcards))
            {
                errors.Add(new ConfigError(path, number, 1, $"'{text}' is not a host name{(wildcards ? " (or *.wildcard)" : "")}"));
            }
            else if (!firstLine.TryAdd(name, number))
            {
                var first = firstLine[name];
                errors.Add(new ConfigError(path, number, 1, first == 0 ? $"'{name}' is already in the inline hostnames" : $"'{name}' is listed twice (first on line {first})"));
            }
            else
            {
                names.Add(name);
            }
        }

        return new Result(names, errors);
    }

    /// <summary>Lower case without the root's trailing dot, as names are compared everywhere.</summary>
    public static string Normalize(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();

    /// <summary>A DNS name or IPv4 address; with <paramref name="wildcards"/>, also `*.` before a DNS name.</summary>
    public static bool IsHostname(string name, bool wildcards)
    {
        if (wildcards && name.StartsWith("*.", StringComparison.Ordinal))
        {
            return Uri.CheckHostName(name[2..]) == UriHostNameType.Dns;
        }

        return name.Length <= 253 && Uri.CheckHostName(name) is UriHostNameType.Dns or UriHostNameType.IPv4;
    }
}
