using Pharos.Accounts;
using Pharos.Admin;
using Pharos.Config;
using Pharos.FailoverSite;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using Pharos.Monitoring;
using Pharos.Monitoring.Checks;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pharos.Hosting;

/// <summary>Reads pharos.yaml into a <see cref="PharosConfig"/>, collecting every error with its line and column.</summary>
public static class ConfigLoader
{
    private static readonly string[] TopLevelKeys = ["site", "groups", "components", IncidentTemplateReader.Key, "failover", "dns", "failover_site", "monitoring", "checks", "admin", "trusted_proxies", Notifications.NotificationsConfigReader.Key, Cluster.NodeConfigReader.Key, Storage.StorageConfigReader.Key, Telemetry.TelemetryConfigReader.Key];

    public static PharosConfig LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException([new ConfigError(path, 1, 1, $"cannot read the file: {e.Message}")]);
        }

        return Load(text, path);
    }

    /// <summary>Parses and validates; throws <see cref="ConfigException"/> listing every problem.</summary>
    public static PharosConfig Load(string yaml, string file)
    {
        var errors = new List<ConfigError>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ConfigException([new ConfigError(file, (int)Math.Max(1, e.Start.Line), (int)Math.Max(1, e.Start.Column), $"invalid YAML: {InnerMessage(e)}")]);
        }

        var r = new YamlReader(file, errors);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ConfigException([new ConfigError(file, 1, 1, "the file must be a mapping with at least a 'site' section")]);
        }

        r.RejectUnknownKeys(root, "the top level", TopLevelKeys);
        var site = ReadSite(r, root);
        var groups = ReadGroups(r, root);
        var components = ReadComponents(r, root, groups);
        var monitoring = MonitoringConfigReader.Read(r, root);
        var portableChecks = new Dictionary<string, YamlMappingNode>(StringComparer.Ordinal);
        var writtenChecks = new List<WrittenCheck>();
        var checks = ChecksReader.Read(r, root, components.Select(c => c.Id).ToList(), portableChecks, writtenChecks);
        var templates = IncidentTemplateReader.Read(r, root, components);
        var failover = Failover.FailoverConfigReader.Read(r, root, components.Select(c => c.Id).ToList(), checks.Count > 0 ? checks.Select(c => c.Id).ToHashSet(StringComparer.Ordinal) : null);
        var dns = Authoritative.DnsRoleConfigReader.Read(r, root, failover.Policies.Any(p => p.Provider is Failover.Providers.BuiltinProviderConfig));
        var site2 = FailoverSiteConfigReader.Read(r, root, Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", failover.Policies.Select(p => p.Id).ToList());
        var admin = AdminConfigReader.ReadAdmin(r, root);
        var proxies = AdminConfigReader.ReadTrustedProxies(r, root);
        var notifications = Notifications.NotificationsConfigReader.Read(r, root, site?.TimeZone ?? "Etc/UTC");
        var storage = Storage.StorageConfigReader.Read(r, root);
        CheckLocations(r, root, monitoring, checks, failover);
        var node = Cluster.NodeConfigReader.Read(r, root);
        var telemetry = Telemetry.TelemetryConfigReader.Read(r, root);

        if (errors.Count > 0 || site is null)
        {
            throw new ConfigException(errors.Count > 0 ? errors : [new ConfigError(file, 1, 1, "'site' is required")]);
        }

        return new PharosConfig
        {
            Site = site, Groups = groups, Components = components, IncidentTemplates = templates, Failover = failover with { BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(file)) ?? "." }, Dns = dns, FailoverSite = site2,
            Monitoring = monitoring, Checks = checks, WrittenChecks = writtenChecks, PortableChecks = portableChecks, Admin = admin, TrustedProxies = proxies, Notifications = notifications, Node = node, Storage = storage, SourcePath = file,
            Telemetry = telemetry,
        };
    }

    /// <summary>Canaries must be checks, and a failover trigger's quorum must be reachable by its checks' locations.</summary>
    private static void CheckLocations(YamlReader r, YamlMappingNode root, MonitoringConfig monitoring, IReadOnlyList<CheckConfig> checks, Failover.FailoverConfig failover)
    {
        var monitoringMap = YamlReader.Get(root, "monitoring") as YamlMappingNode;
        var ids = checks.Select(c => c.BaseId).ToHashSet(StringComparer.Ordinal);
        foreach (var canary in monitoring.Canaries.Where(c => !ids.Contains(c)))
        {
            r.Error(YamlReader.Get(monitoringMap, "canaries"), $"monitoring: canary '{canary}' is not defined under 'checks'");
        }

        var byId = checks.ToDictionary(c => c.Id, StringComparer.Ordinal);
        foreach (var policy in failover.Policies)
        {
            foreach (var id in policy.Trigger.Checks.Where(byId.ContainsKey))
            {
                var locations = Math.Max(1, byId[id].Locations.Count);
                if (policy.Trigger.Quorum > locations)
                {
                    r.Error(root, $"failover.policies '{policy.Id}': trigger 'quorum' ({policy.Trigger.Quorum}) is more than the {locations} location(s) check '{id}' runs from");
                }
            }
        }
    }

    private static string InnerMessage(YamlException e)
    {
        var msg = e.InnerException?.Message ?? e.Message;
        var paren = msg.IndexOf("): ", StringComparison.Ordinal);
        return paren >= 0 && msg.StartsWith('(') ? msg[(paren + 3)..] : msg;
    }

    private static SiteConfig? ReadSite(YamlReader r, YamlMappingNode root)
    {
        var node = YamlReader.Get(root, "site");
        if (node is null)
        {
            r.Error(root, "'site' is required");
            return null;
        }

        var map = r.AsMapping(node, "site");
        if (map is null)
        {
            return null;
        }

        r.RejectUnknownKeys(map, "site", "name", "public_url", "time_zone", "refresh_interval", "language", "languages", "page_id", "history_days", "description", "extra_time_zones");
        var name = r.String(map, "name", "site", required: true);
        var url = r.String(map, "public_url", "site") ?? "http://127.0.0.1:8080";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var publicUrl) || publicUrl.Scheme is not ("http" or "https"))
        {
            r.Error(YamlReader.Get(map, "public_url"), $"site: 'public_url' must be an absolute http(s) URL, not '{url}'");
        }

        var zone = r.String(map, "time_zone", "site") ?? "Etc/UTC";
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) is null)
        {
            r.Error(YamlReader.Get(map, "time_zone"), $"site: 'time_zone' '{zone}' is not an IANA time zone id (such as America/Los_Angeles)");
        }

        var extraZones = ReadExtraZones(r, map, zone);
        var refresh = r.Duration(map, "refresh_interval", "site", TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)) ?? TimeSpan.FromSeconds(60);
        var (language, languages) = ReadLanguages(r, map);
        var pageId = r.String(map, "page_id", "site");
        if (pageId is not null && !Domain.Ids.IsWellFormed(pageId))
        {
            r.Error(YamlReader.Get(map, "page_id"), "site: 'page_id' may hold only letters, digits, '-' and '_'");
        }

        var historyDays = r.Int(map, "history_days", "site", 1, 90) ?? 7;
        return name is null || publicUrl is null ? null : new SiteConfig
        {
            Name = name,
            PublicUrl = publicUrl.AbsoluteUri.EndsWith('/') ? publicUrl : new Uri(publicUrl.AbsoluteUri + "/"),
            TimeZone = zone,
            ExtraTimeZones = extraZones,
            RefreshInterval = refresh,
            Language = language,
            Languages = languages,
            PageId = pageId ?? DerivePageId(name),
            HistoryDays = historyDays,
            Description = r.String(map, "description", "site"),
        };
    }

    /// <summary>The default language and the ones offered, each checked against the languages there are texts for.</summary>
    private static (string Language, IReadOnlyList<string> Languages) ReadLanguages(YamlReader r, YamlMappingNode site)
    {
        var supported = string.Join(", ", Localization.Languages.Supported);
        var language = r.String(site, "language", "site") ?? "en";
        if (!Localization.Languages.IsSupported(language))
        {
            r.Error(YamlReader.Get(site, "language"), $"site: 'language' '{language}' is not one the page speaks ({supported})");
            language = "en";
        }

        if (YamlReader.Get(site, "languages") is null)
        {
            return (language, Localization.Languages.Supported);
        }

        var offered = new List<string>();
        foreach (var item in r.Sequence(YamlReader.Get(site, "languages"), "site: 'languages'"))
        {
            var code = (item as YamlScalarNode)?.Value;
            if (!Localization.Languages.IsSupported(code))
            {
                r.Error(item, $"site: 'languages' entry '{code}' is not one the page speaks ({supported})");
            }
            else if (offered.Contains(code!, StringComparer.Ordinal))
            {
                r.Error(item, $"site: 'languages' lists '{code}' twice");
            }
            else
            {
                offered.Add(code!);
            }
        }

        if (!offered.Contains(language, StringComparer.Ordinal))
        {
            r.Error(YamlReader.Get(site, "languages"), $"site: 'languages' must include the default 'language' '{language}'");
        }

        return (language, offered);
    }

    /// <summary>More zones to show times in beside the display zone and UTC, each checked where it is written.</summary>
    private static List<string> ReadExtraZones(YamlReader r, YamlMappingNode site, string displayZone)
    {
        var zones = new List<string>();
        foreach (var item in r.Sequence(YamlReader.Get(site, "extra_time_zones"), "site: 'extra_time_zones'"))
        {
            var id = (item as YamlScalarNode)?.Value;
            if (string.IsNullOrWhiteSpace(id) || DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is null)
            {
                r.Error(item, $"site: 'extra_time_zones' entry '{id}' is not an IANA time zone id (such as America/New_York or Etc/GMT)");
            }
            else if (id == displayZone || zones.Contains(id, StringComparer.Ordinal))
            {
                r.Error(item, $"site: 'extra_time_zones' lists '{id}' twice (the display zone 'time_zone' is always shown)");
            }
            else
            {
                zones.Add(id);
            }
        }

        return zones;
    }

    private static List<ComponentGroupConfig> ReadGroups(YamlReader r, YamlMappingNode root)
    {
        var list = new List<ComponentGroupConfig>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in r.Sequence(YamlReader.Get(root, "groups"), "groups"))
        {
            index++;
            var map = r.AsMapping(item, $"groups[{index}]");
            if (map is null)
            {
                continue;
            }

            var where = $"groups[{index}]";
            r.RejectUnknownKeys(map, where, "id", "name", "description", "order");
            var id = ReadId(r, map, where, seen);
            var name = r.String(map, "name", where, required: true);
            var order = r.Int(map, "order", where) ?? index;
            if (id is not null && name is not null)
            {
                list.Add(new ComponentGroupConfig { Id = id, Name = name, Description = r.String(map, "description", where), Order = order });
            }
        }

        return list;
    }

    private static List<ComponentConfig> ReadComponents(YamlReader r, YamlMappingNode root, List<ComponentGroupConfig> groups)
    {
        var list = new List<ComponentConfig>();
        var seen = new HashSet<string>(groups.Select(g => g.Id), StringComparer.Ordinal);
        var index = 0;
        foreach (var item in r.Sequence(YamlReader.Get(root, "components"), "components"))
        {
            index++;
            var where = $"components[{index}]";
            var map = r.AsMapping(item, where);
            if (map is null)
            {
                continue;
            }

            r.RejectUnknownKeys(map, where, "id", "name", "description", "group", "order", "only_show_if_degraded");
            var id = ReadId(r, map, where, seen);
            var name = r.String(map, "name", where, required: true);
            var group = r.String(map, "group", where);
            if (group is not null && !groups.Any(g => g.Id == group))
            {
                r.Error(YamlReader.Get(map, "group"), $"{where}: group '{group}' is not defined under 'groups'");
            }

            if (id is not null && name is not null)
            {
                list.Add(new ComponentConfig
                {
                    Id = id,
                    Name = name,
                    Description = r.String(map, "description", where),
                    GroupId = group,
                    Order = r.Int(map, "order", where) ?? index,
                    OnlyShowIfDegraded = r.Bool(map, "only_show_if_degraded", where) ?? false,
                });
            }
        }

        return list;
    }

    private static string? ReadId(YamlReader r, YamlMappingNode map, string where, HashSet<string> seen)
    {
        var id = r.String(map, "id", where, required: true);
        if (id is null)
        {
            return null;
        }

        if (!Domain.Ids.IsWellFormed(id))
        {
            r.Error(YamlReader.Get(map, "id"), $"{where}: id '{id}' may hold only letters, digits, '-' and '_'");
            return null;
        }

        if (!seen.Add(id))
        {
            r.Error(YamlReader.Get(map, "id"), $"{where}: id '{id}' is used twice (groups and components share one namespace)");
            return null;
        }

        return id;
    }

    /// <summary>A stable page id from the site name, so it survives restarts without being configured.</summary>
    private static string DerivePageId(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        var chars = new char[12];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[hash[i] % alphabet.Length];
        }

        return new string(chars);
    }
}
