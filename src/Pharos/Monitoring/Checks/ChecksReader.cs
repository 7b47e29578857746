using System.Net;
using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Monitoring.Checks;

/// <summary>
/// Reads the `checks:` section of pharos.yaml: the fields every check has here, each kind's own fields by that kind's
/// reader, and `hostnames` lists expanded to one check per name. Every problem is reported with its line.
/// </summary>
internal static class ChecksReader
{
    private static readonly string[] CommonKeys =
    [
        "id", "name", "type", "component", "interval", "timeout", "fail_after", "recover_after", "degraded_latency",
        "auto_incident", "public_details", "hostnames", "hostnames_file", "locations", "quorum",
    ];

    /// <summary>How to read one kind, and the defaults that differ between kinds.</summary>
    private sealed record Kind(string[] Keys, Func<YamlReader, YamlMappingNode, string, string, CheckConfig?> Read, bool Heartbeat = false);

    private static readonly Dictionary<string, Kind> Kinds = new(StringComparer.Ordinal)
    {
        ["http"] = new(HttpCheckReader.Keys, HttpCheckReader.Read),
        ["tcp"] = new(TcpCheckReader.Keys, TcpCheckReader.Read),
        ["dns"] = new(DnsCheckReader.Keys, DnsCheckReader.Read),
        ["icmp"] = new(IcmpCheckReader.Keys, IcmpCheckReader.Read),
        ["tls"] = new(TlsCheckReader.Keys, TlsCheckReader.Read),
        // A heartbeat is judged from memory, so it is evaluated often, and one missed deadline is already a failure.
        ["heartbeat"] = new(HeartbeatCheckReader.Keys, HeartbeatCheckReader.Read, Heartbeat: true),
    };

    /// <param name="portable">
    /// When given, receives each check (by its id as written) as a probe can read it back: its own fields, its
    /// hostnames inline, without what only the server uses (component, locations, quorum, incident settings).
    /// </param>
    /// <param name="written">
    /// When given, receives each check as written with its inline names and its hostnames file, from which the
    /// checks are expanded again when the file changes.
    /// </param>
    public static List<CheckConfig> Read(YamlReader r, YamlMappingNode root, IReadOnlyCollection<string> componentIds, IDictionary<string, YamlMappingNode>? portable = null, IList<WrittenCheck>? written = null)
    {
        var list = new List<CheckConfig>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in r.Sequence(YamlReader.Get(root, "checks"), "checks"))
        {
            index++;
            var where = $"checks[{index}]";
            var map = r.AsMapping(item, where);
            if (map is null)
            {
                continue;
            }

            var check = ReadCheck(r, map, where, componentIds);
            if (check is null)
            {
                continue;
            }

            if (!seen.Add(check.Id))
            {
                r.Error(YamlReader.Get(map, "id"), $"{where}: check id '{check.Id}' is used twice");
                continue;
            }

            if (check is HeartbeatCheckConfig beat && !tokens.TryAdd(beat.Token, beat.Id))
            {
                r.Error(YamlReader.Get(map, "token") ?? YamlReader.Get(map, "token_env"), $"{where}: heartbeat '{beat.Id}' has the same token as '{tokens[beat.Token]}'; each job needs its own");
                continue;
            }

            var (inline, fromFile, file) = ReadHostnames(r, map, where);
            List<string> hostnames = [.. inline, .. fromFile];
            list.AddRange(check.Expand(hostnames));
            written?.Add(new WrittenCheck(check, inline, file));
            portable?.Add(check.Id, Portable(map, hostnames));
        }

        return list;
    }

    private static CheckConfig? ReadCheck(YamlReader r, YamlMappingNode map, string where, IReadOnlyCollection<string> componentIds)
    {
        var id = r.String(map, "id", where, required: true);
        var typeText = r.String(map, "type", where, required: true);
        if (id is not null && !Domain.Ids.IsWellFormed(id))
        {
            r.Error(YamlReader.Get(map, "id"), $"{where}: id '{id}' may hold only letters, digits, '-' and '_'");
            id = null;
        }

        Kind? kind = null;
        if (typeText is not null && !Kinds.TryGetValue(typeText, out kind))
        {
            r.Error(YamlReader.Get(map, "type"), $"{where}: type '{typeText}' is not one of {string.Join(", ", Kinds.Keys)}");
        }

        if (kind is null)
        {
            return null;
        }

        r.RejectUnknownKeys(map, $"{where} (type {typeText})", [.. CommonKeys, .. kind.Keys]);
        var component = r.String(map, "component", where);
        if (component is not null && !componentIds.Contains(component))
        {
            r.Error(YamlReader.Get(map, "component"), $"{where}: component '{component}' is not defined under 'components'");
        }

        if (kind.Heartbeat && (YamlReader.Get(map, "hostnames") ?? YamlReader.Get(map, "hostnames_file")) is { } hostnames)
        {
            r.Error(hostnames, $"{where}: a heartbeat has no hostnames (one token stands for one job)");
            return null;
        }

        var interval = r.Duration(map, "interval", where, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)) ?? TimeSpan.FromSeconds(kind.Heartbeat ? 10 : 60);
        var timeout = r.Duration(map, "timeout", where, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)) ?? Min(TimeSpan.FromSeconds(10), interval);
        if (timeout > interval && !kind.Heartbeat)
        {
            r.Error(YamlReader.Get(map, "timeout"), $"{where}: 'timeout' ({DurationParser.Format(timeout)}) must not exceed 'interval' ({DurationParser.Format(interval)})");
        }

        var name = r.String(map, "name", where);
        var failAfter = r.Int(map, "fail_after", where, 1, 100) ?? (kind.Heartbeat ? 1 : 3);
        var recoverAfter = r.Int(map, "recover_after", where, 1, 100) ?? (kind.Heartbeat ? 1 : 2);
        var degradedLatency = r.Duration(map, "degraded_latency", where, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(5));
        var autoIncident = r.Bool(map, "auto_incident", where);
        var publicDetails = r.Bool(map, "public_details", where) ?? false;
        var (locations, quorum) = ReadLocations(r, map, where, kind.Heartbeat);
        var check = kind.Read(r, map, where, id ?? "");
        return id is null || check is null ? null : check with
        {
            Name = name ?? id,
            ComponentId = component,
            Interval = interval,
            Timeout = timeout,
            FailAfter = failAfter,
            RecoverAfter = recoverAfter,
            DegradedLatency = degradedLatency,
            AutoIncident = autoIncident,
            PublicDetails = publicDetails,
            Locations = locations,
            Quorum = quorum,
        };
    }

    /// <summary>`locations` and `quorum`: a quorum larger than the locations could never be met, so it is refused.</summary>
    private static (IReadOnlyList<string> Locations, int Quorum) ReadLocations(YamlReader r, YamlMappingNode map, string where, bool heartbeat)
    {
        var locations = new List<string>();
        foreach (var node in r.Sequence(YamlReader.Get(map, "locations"), $"{where}: 'locations'"))
        {
            var name = (node as YamlScalarNode)?.Value;
            if (!Locations.LocationNames.IsWellFormed(name))
            {
                r.Error(node, $"{where}: location '{name}' may hold only letters, digits, '-', '_' and '.'");
            }
            else if (locations.Contains(name!, StringComparer.Ordinal))
            {
                r.Error(node, $"{where}: location '{name}' is listed twice");
            }
            else
            {
                locations.Add(name!);
            }
        }

        if (heartbeat && locations.Count > 0)
        {
            // A job calls this server; there is nothing for a remote probe to run.
            r.Error(YamlReader.Get(map, "locations"), $"{where}: a heartbeat is received by this server and has no 'locations'");
            locations.Clear();
        }

        var quorum = r.Int(map, "quorum", where, 1, 100) ?? 1;
        if (quorum > Math.Max(1, locations.Count))
        {
            r.Error(YamlReader.Get(map, "quorum"), $"{where}: 'quorum' ({quorum}) is more than the {Math.Max(1, locations.Count)} location(s) the check runs from");
        }

        return (locations, quorum);
    }

    /// <summary>The inline `hostnames`, those of the `hostnames_file` (each bad line an error at that line), and the file's full path.</summary>
    private static (List<string> Inline, IReadOnlyList<string> FromFile, string? File) ReadHostnames(YamlReader r, YamlMappingNode map, string where)
    {
        var names = new List<string>();
        foreach (var node in r.Sequence(YamlReader.Get(map, "hostnames"), $"{where}: 'hostnames'"))
        {
            AddHostname(r, node, (node as YamlScalarNode)?.Value, where, names);
        }

        var file = r.String(map, "hostnames_file", where) is { } name ? HostnamesPath(r.File, name) : null;
        IReadOnlyList<string> fromFile = [];
        if (file is not null)
        {
            try
            {
                var read = HostnamesFile.Read(file, wildcards: false, taken: names);
                foreach (var error in read.Errors)
                {
                    r.Error(error);
                }

                fromFile = read.Names;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                r.Error(YamlReader.Get(map, "hostnames_file"), $"{where}: cannot read 'hostnames_file' {file}: {e.Message}");
            }
        }

        return (names, fromFile, file);
    }

    /// <summary>A hostnames file is named relative to pharos.yaml.</summary>
    private static string HostnamesPath(string configFile, string file) =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configFile)) ?? ".", file));

    private static void AddHostname(YamlReader r, YamlNode? node, string? name, string where, List<string> names)
    {
        if (name is null || Uri.CheckHostName(name) is not (UriHostNameType.Dns or UriHostNameType.IPv4))
        {
            r.Error(node, $"{where}: '{name}' in the hostnames is not a host name");
        }
        else if (names.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            r.Error(node, $"{where}: hostname '{name}' is listed twice");
        }
        else
        {
            names.Add(name);
        }
    }

    private static YamlMappingNode Portable(YamlMappingNode map, IReadOnlyList<string> hostnames)
    {
        string[] serverOnly = ["component", "locations", "quorum", "hostnames", "hostnames_file", "auto_incident", "public_details"];
        var copy = new YamlMappingNode();
        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalarNode { Value: { } key } && !serverOnly.Contains(key))
            {
                copy.Add(k, v);
            }
        }

        if (hostnames.Count > 0)
        {
            copy.Add("hostnames", new YamlSequenceNode(hostnames.Select(h => new YamlScalarNode(h))));
        }

        return copy;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>Parses "host:port", "[v6]:port" or a bare address with a default port.</summary>
    public static IPEndPoint? ParseEndpoint(string text, int defaultPort) =>
        IPEndPoint.TryParse(text, out var ep) ? (ep.Port == 0 ? new IPEndPoint(ep.Address, defaultPort) : ep) : null;

    /// <summary>A mapping of text to text (HTTP headers), each bad entry an error at its line.</summary>
    public static Dictionary<string, string> StringMap(YamlReader r, YamlNode? node, string what)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var map = r.AsMapping(node, what);
        if (map is null)
        {
            return result;
        }

        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalarNode { Value: { Length: > 0 } key } && v is YamlScalarNode { Value: { } value })
            {
                result[key] = value;
            }
            else
            {
                r.Error(k, $"{what} must map header names to text values");
            }
        }

        return result;
    }
}
