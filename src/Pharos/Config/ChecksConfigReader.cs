using System.Net;
using YamlDotNet.RepresentationModel;

namespace Pharos.Config;

/// <summary>Reads the `monitoring:` and `checks:` sections of pharos.yaml, reporting every problem with its line.</summary>
internal static class ChecksConfigReader
{
    private static readonly string[] CommonKeys =
    [
        "id", "name", "type", "component", "interval", "timeout", "fail_after", "recover_after", "degraded_latency",
        "auto_incident", "hostnames", "hostnames_file",
    ];

    public static MonitoringConfig ReadMonitoring(YamlReader r, YamlMappingNode root)
    {
        var map = r.AsMapping(YamlReader.Get(root, "monitoring"), "monitoring");
        if (map is null)
        {
            return new MonitoringConfig();
        }

        const string where = "monitoring";
        r.RejectUnknownKeys(map, where, "max_concurrency", "raw_retention", "minute_retention", "rollup_retention", "auto_incidents",
            "incident_title", "incident_body", "resolved_body");
        var d = new MonitoringConfig();
        return new MonitoringConfig
        {
            MaxConcurrency = r.Int(map, "max_concurrency", where, 1, 100_000) ?? d.MaxConcurrency,
            RawRetention = r.Duration(map, "raw_retention", where, TimeSpan.FromHours(1), TimeSpan.FromDays(400)) ?? d.RawRetention,
            MinuteRetention = r.Duration(map, "minute_retention", where, TimeSpan.FromDays(1), TimeSpan.FromDays(30)) ?? d.MinuteRetention,
            RollupRetention = r.Duration(map, "rollup_retention", where, TimeSpan.FromDays(90), TimeSpan.FromDays(3650)) ?? d.RollupRetention,
            AutoIncidents = r.Bool(map, "auto_incidents", where) ?? d.AutoIncidents,
            IncidentTitle = r.String(map, "incident_title", where) ?? d.IncidentTitle,
            IncidentBody = r.String(map, "incident_body", where) ?? d.IncidentBody,
            ResolvedBody = r.String(map, "resolved_body", where) ?? d.ResolvedBody,
        };
    }

    public static List<CheckConfig> ReadChecks(YamlReader r, YamlMappingNode root, IReadOnlyList<ComponentConfig> components)
    {
        var list = new List<CheckConfig>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
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

            var check = ReadCheck(r, map, where, components);
            if (check is null)
            {
                continue;
            }

            if (!seen.Add(check.Id))
            {
                r.Error(YamlReader.Get(map, "id"), $"{where}: check id '{check.Id}' is used twice");
                continue;
            }

            var hostnames = ReadHostnames(r, map, where);
            list.AddRange(check.Expand(hostnames));
        }

        return list;
    }

    private static CheckConfig? ReadCheck(YamlReader r, YamlMappingNode map, string where, IReadOnlyList<ComponentConfig> components)
    {
        var id = r.String(map, "id", where, required: true);
        var typeText = r.String(map, "type", where, required: true);
        if (id is not null && !Domain.Ids.IsWellFormed(id))
        {
            r.Error(YamlReader.Get(map, "id"), $"{where}: id '{id}' may hold only letters, digits, '-' and '_'");
            id = null;
        }

        CheckType? type = typeText switch
        {
            "http" => CheckType.Http,
            "tcp" => CheckType.Tcp,
            "dns" => CheckType.Dns,
            "icmp" => CheckType.Icmp,
            "tls" => CheckType.Tls,
            "heartbeat" => CheckType.Heartbeat,
            null => null,
            _ => null,
        };
        if (typeText is not null && type is null)
        {
            r.Error(YamlReader.Get(map, "type"), $"{where}: type '{typeText}' is not one of http, tcp, dns, icmp, tls, heartbeat");
        }

        if (type is null)
        {
            return null;
        }

        r.RejectUnknownKeys(map, $"{where} (type {typeText})", [.. CommonKeys, .. CheckTypeReaders.KeysOf(type.Value)]);
        var component = r.String(map, "component", where);
        if (component is not null && !components.Any(c => c.Id == component))
        {
            r.Error(YamlReader.Get(map, "component"), $"{where}: component '{component}' is not defined under 'components'");
        }

        var heartbeat = type == CheckType.Heartbeat;
        var interval = r.Duration(map, "interval", where, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)) ?? TimeSpan.FromSeconds(heartbeat ? 10 : 60);
        var timeout = r.Duration(map, "timeout", where, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)) ?? Min(TimeSpan.FromSeconds(10), interval);
        if (timeout > interval && !heartbeat)
        {
            r.Error(YamlReader.Get(map, "timeout"), $"{where}: 'timeout' ({DurationParser.Format(timeout)}) must not exceed 'interval' ({DurationParser.Format(interval)})");
        }

        var check = new CheckConfig
        {
            Id = id ?? "",
            Name = r.String(map, "name", where) ?? id ?? "",
            Type = type.Value,
            ComponentId = component,
            Interval = interval,
            Timeout = timeout,
            FailAfter = r.Int(map, "fail_after", where, 1, 100) ?? (heartbeat ? 1 : 3),
            RecoverAfter = r.Int(map, "recover_after", where, 1, 100) ?? (heartbeat ? 1 : 2),
            DegradedLatency = r.Duration(map, "degraded_latency", where, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(5)),
            AutoIncident = r.Bool(map, "auto_incident", where),
        };
        var withDetails = type switch
        {
            CheckType.Http => CheckTypeReaders.Http(r, map, where) is { } h ? check with { Http = h } : null,
            CheckType.Tcp => CheckTypeReaders.Tcp(r, map, where) is { } t ? check with { Tcp = t } : null,
            CheckType.Dns => CheckTypeReaders.Dns(r, map, where) is { } d ? check with { Dns = d } : null,
            CheckType.Icmp => CheckTypeReaders.Icmp(r, map, where) is { } i ? check with { Icmp = i } : null,
            CheckType.Tls => CheckTypeReaders.Tls(r, map, where) is { } s ? check with { Tls = s } : null,
            CheckType.Heartbeat => CheckTypeReaders.Heartbeat(r, map, where) is { } b ? check with { Heartbeat = b } : null,
            _ => null,
        };
        return id is null ? null : withDetails;
    }

    private static List<string> ReadHostnames(YamlReader r, YamlMappingNode map, string where)
    {
        var names = new List<string>();
        foreach (var node in r.Sequence(YamlReader.Get(map, "hostnames"), $"{where}: 'hostnames'"))
        {
            AddHostname(r, node, (node as YamlScalarNode)?.Value, where, names);
        }

        var file = r.String(map, "hostnames_file", where);
        if (file is not null)
        {
            var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(r.File)) ?? ".", file);
            try
            {
                foreach (var line in File.ReadAllLines(path))
                {
                    var name = line.Trim();
                    if (name.Length > 0 && !name.StartsWith('#'))
                    {
                        AddHostname(r, YamlReader.Get(map, "hostnames_file"), name, where, names);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                r.Error(YamlReader.Get(map, "hostnames_file"), $"{where}: cannot read 'hostnames_file' {path}: {e.Message}");
            }
        }

        return names;
    }

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

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>Parses "host:port", "[v6]:port" or a bare address with a default port.</summary>
    public static IPEndPoint? ParseEndpoint(string text, int defaultPort)
    {
        return IPEndPoint.TryParse(text, out var ep) ? (ep.Port == 0 ? new IPEndPoint(ep.Address, defaultPort) : ep) : null;
    }
}
