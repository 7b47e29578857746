using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pharos.Config;

/// <summary>
/// Reads typed values out of a YAML mapping and records an error with line and column for each problem,
/// so that one pass reports everything wrong with a file.
/// </summary>
internal sealed class YamlReader(string file, List<ConfigError> errors)
{
    public string File { get; } = file;

    public int ErrorCount => errors.Count;

    public void Error(YamlNode? node, string message)
    {
        var mark = node?.Start ?? Mark.Empty;
        errors.Add(new ConfigError(File, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column), message));
    }

    /// <summary>An error found in another file this one names (a hostnames file), already located there.</summary>
    public void Error(ConfigError error) => errors.Add(error);

    public YamlMappingNode? AsMapping(YamlNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlMappingNode m)
        {
            return m;
        }

        Error(node, $"{what} must be a mapping");
        return null;
    }

    public IEnumerable<YamlNode> Sequence(YamlNode? node, string what)
    {
        if (node is null || IsNull(node))
        {
            return [];
        }

        if (node is YamlSequenceNode s)
        {
            return s.Children;
        }

        Error(node, $"{what} must be a list");
        return [];
    }

    /// <summary>Reports keys that are not among the known ones: a typo must not pass silently.</summary>
    public void RejectUnknownKeys(YamlMappingNode map, string where, params string[] known)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                Error(key, $"unknown field '{name}' in {where} (expected one of: {string.Join(", ", known)})");
            }
        }
    }

    public static YamlNode? Get(YamlMappingNode? map, string key)
    {
        if (map is null)
        {
            return null;
        }

        return map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;
    }

    public string? String(YamlMappingNode map, string key, string where, bool required = false)
    {
        var node = Get(map, key);
        if (node is null || IsNull(node))
        {
            if (required)
            {
                Error(node ?? map, $"{where}: '{key}' is required");
            }

            return null;
        }

        if (node is not YamlScalarNode s)
        {
            Error(node, $"{where}: '{key}' must be a string");
            return null;
        }

        if (required && string.IsNullOrWhiteSpace(s.Value))
        {
            Error(node, $"{where}: '{key}' must not be empty");
            return null;
        }

        return s.Value;
    }

    /// <summary>A list of strings; a single string is taken as a list of one, as people write `channels: ops`.</summary>
    public IReadOnlyList<string> Strings(YamlMappingNode map, string key, string where)
    {
        var node = Get(map, key);
        if (node is YamlScalarNode one && !IsNull(one))
        {
            return [one.Value ?? ""];
        }

        var list = new List<string>();
        foreach (var item in Sequence(node, $"{where}: '{key}'"))
        {
            if (item is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value))
            {
                list.Add(s.Value);
            }
            else
            {
                Error(item, $"{where}: each entry of '{key}' must be a non-empty string");
            }
        }

        return list;
    }

    public int? Int(YamlMappingNode map, string key, string where, int min = int.MinValue, int max = int.MaxValue)
    {
        var node = Get(map, key);
        if (node is null || IsNull(node))
        {
            return null;
        }

        if (node is YamlScalarNode s && int.TryParse(s.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
        {
            if (v < min || v > max)
            {
                Error(node, $"{where}: '{key}' must be between {min} and {max}");
                return null;
            }

            return v;
        }

        Error(node, $"{where}: '{key}' must be an integer");
        return null;
    }

    public bool? Bool(YamlMappingNode map, string key, string where)
    {
        var node = Get(map, key);
        if (node is null || IsNull(node))
        {
            return null;
        }

        if (node is YamlScalarNode s && s.Value is "true" or "false")
        {
            return s.Value == "true";
        }

        Error(node, $"{where}: '{key}' must be true or false");
        return null;
    }

    /// <summary>A duration written as "30s", "5m", "2h", "1d" or a plain number of seconds.</summary>
    public TimeSpan? Duration(YamlMappingNode map, string key, string where, TimeSpan min, TimeSpan max)
    {
        var node = Get(map, key);
        if (node is null || IsNull(node))
        {
            return null;
        }

        if (node is YamlScalarNode s && DurationParser.TryParse(s.Value, out var d))
        {
            if (d < min || d > max)
            {
                Error(node, $"{where}: '{key}' must be between {DurationParser.Format(min)} and {DurationParser.Format(max)}");
                return null;
            }

            return d;
        }

        Error(node, $"{where}: '{key}' must be a duration such as 30s, 5m or 1h");
        return null;
    }

    /// <summary>
    /// One "address:port" or a list of them. Port 0 is allowed: the system picks one (tests) and the running server
    /// reports what it bound.
    /// </summary>
    public List<System.Net.IPEndPoint> Endpoints(YamlNode? node, string where, string example)
    {
        var list = new List<System.Net.IPEndPoint>();
        foreach (var n in node is YamlScalarNode ? [node] : Sequence(node, where))
        {
            var text = (n as YamlScalarNode)?.Value;
            if (System.Net.IPEndPoint.TryParse(text ?? "", out var ep) && text!.Contains(':', StringComparison.Ordinal))
            {
                list.Add(ep);
            }
            else
            {
                Error(n, $"{where}: '{text}' must be an address with a port, such as {example}");
            }
        }

        return list;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" };

    /// <summary>Secrets come from a file or the environment, never from the config itself; the one named must be there at load.</summary>
    public SecretSource? Secret(YamlMappingNode map, string where, string fileKey, string envKey, string missing)
    {
        var file = String(map, fileKey, where);
        var env = String(map, envKey, where);
        if (file is not null && env is not null)
        {
            Error(YamlReader.Get(map, envKey), $"{where}: give '{fileKey}' or '{envKey}', not both");
            return null;
        }

        SecretSource? source = file is not null ? new FileSecret(file) : env is not null ? new EnvironmentSecret(env) : null;
        if (source is not { IsPresent: true })
        {
            Error(map, $"{where}: {missing}");
            return null;
        }

        return source;
    }
}
