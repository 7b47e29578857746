using System.Globalization;
using Pharos.Config;
using Pharos.Notifications.Channels;
using Pharos.Notifications.Routing;
using YamlDotNet.RepresentationModel;

namespace Pharos.Notifications;

/// <summary>Reads the `notifications:` section; every route must name channels that exist and events that can happen.</summary>
internal static class NotificationsConfigReader
{
    public const string Key = "notifications";

    /// <summary>Parts of the section read by the subscriber, social and heartbeat readers.</summary>
    public delegate T PartReader<out T>(YamlReader r, YamlMappingNode? map, string where);

    public static NotificationsConfig Read(YamlReader r, YamlMappingNode root, string siteTimeZone)
    {
        var map = r.AsMapping(YamlReader.Get(root, Key), Key);
        if (map is null)
        {
            return new NotificationsConfig();
        }

        r.RejectUnknownKeys(map, Key, "channels", "routes", "relay", "undeliverable", "subscribers", "social", "heartbeat", "health");
        var channels = ReadChannels(r, YamlReader.Get(map, "channels"));
        var ids = channels.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var routes = ReadRoutes(r, YamlReader.Get(map, "routes"), ids, siteTimeZone);
        var undeliverable = r.Strings(map, "undeliverable", Key);
        CheckChannels(r, YamlReader.Get(map, "undeliverable"), Key + ".undeliverable", undeliverable, ids);
        return new NotificationsConfig
        {
            Channels = channels,
            Routes = routes,
            Undeliverable = undeliverable,
            Relay = ReadRelay(r, r.AsMapping(YamlReader.Get(map, "relay"), Key + ".relay")),
            Subscribers = Subscribers.SubscribersConfigReader.Read(r, r.AsMapping(YamlReader.Get(map, "subscribers"), Key + ".subscribers"), Key + ".subscribers", ids),
            Social = Social.SocialConfigReader.Read(r, r.AsMapping(YamlReader.Get(map, "social"), Key + ".social"), Key + ".social", ids),
            Heartbeat = Health.SelfHeartbeatConfigReader.Read(r, r.AsMapping(YamlReader.Get(map, "heartbeat"), Key + ".heartbeat"), Key + ".heartbeat"),
            Health = Health.HealthConfigReader.Read(r, r.AsMapping(YamlReader.Get(map, "health"), Key + ".health"), Key + ".health"),
        };
    }

    private static List<ChannelConfig> ReadChannels(YamlReader r, YamlNode? node)
    {
        var list = new List<ChannelConfig>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in r.Sequence(node, Key + ".channels"))
        {
            index++;
            var where = $"{Key}.channels[{index}]";
            if (r.AsMapping(item, where) is not { } map)
            {
                continue;
            }

            var id = r.String(map, "id", where, required: true);
            var type = r.String(map, "type", where, required: true);
            if (id is not null && !Domain.Ids.IsWellFormed(id))
            {
                r.Error(YamlReader.Get(map, "id"), $"{where}: id '{id}' may hold only letters, digits, '-' and '_'");
                continue;
            }

            if (id is not null && !seen.Add(id))
            {
                r.Error(YamlReader.Get(map, "id"), $"{where}: channel id '{id}' is used twice");
                continue;
            }

            if (id is null || type is null)
            {
                continue;
            }

            if (!ChannelTypes.Readers.TryGetValue(type, out var reader))
            {
                r.Error(YamlReader.Get(map, "type"), $"{where}: unknown channel type '{type}' (expected one of: {string.Join(", ", ChannelTypes.Readers.Keys.Order(StringComparer.Ordinal))})");
                continue;
            }

            if (reader(r, map, $"{where} ({id})", id) is { } config)
            {
                list.Add(ChannelTypes.WithCommon(r, map, where, config));
            }
        }

        return list;
    }

    private static List<RouteConfig> ReadRoutes(YamlReader r, YamlNode? node, HashSet<string> channels, string siteTimeZone)
    {
        var list = new List<RouteConfig>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in r.Sequence(node, Key + ".routes"))
        {
            index++;
            var where = $"{Key}.routes[{index}]";
            if (r.AsMapping(item, where) is not { } map)
            {
                continue;
            }

            r.RejectUnknownKeys(map, where, "id", "events", "channels", "fallback", "subjects", "min_severity", "min_interval", "group", "quiet_hours", "escalate");
            var id = r.String(map, "id", where) ?? $"route-{index}";
            if (!seen.Add(id))
            {
                r.Error(YamlReader.Get(map, "id"), $"{where}: route id '{id}' is used twice");
            }

            var events = r.Strings(map, "events", where);
            if (events.Count == 0)
            {
                r.Error(YamlReader.Get(map, "events") ?? map, $"{where}: 'events' is required (such as check.down, failover.*, incident.*, or *)");
            }

            foreach (var e in events.Where(e => !EventKinds.IsKnownPattern(e)))
            {
                r.Error(YamlReader.Get(map, "events"), $"{where}: unknown event '{e}' (known: {string.Join(", ", EventKinds.Operational.Order(StringComparer.Ordinal))}, incident.*, maintenance.*)");
            }

            var to = r.Strings(map, "channels", where);
            if (to.Count == 0)
            {
                r.Error(YamlReader.Get(map, "channels") ?? map, $"{where}: 'channels' is required");
            }

            CheckChannels(r, YamlReader.Get(map, "channels"), where, to, channels);
            var fallback = r.Strings(map, "fallback", where);
            CheckChannels(r, YamlReader.Get(map, "fallback"), where, fallback, channels);
            var severityText = r.String(map, "min_severity", where);
            var severity = Severities.Parse(severityText ?? "info");
            if (severity is null)
            {
                r.Error(YamlReader.Get(map, "min_severity"), $"{where}: 'min_severity' must be info, warning or critical, not '{severityText}'");
            }

            TimeSpan? escalateAfter = null;
            IReadOnlyList<string> escalateTo = [];
            if (r.AsMapping(YamlReader.Get(map, "escalate"), $"{where}.escalate") is { } esc)
            {
                r.RejectUnknownKeys(esc, $"{where}.escalate", "after", "to");
                escalateAfter = r.Duration(esc, "after", $"{where}.escalate", TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
                escalateTo = r.Strings(esc, "to", $"{where}.escalate");
                if (escalateAfter is null || escalateTo.Count == 0)
                {
                    r.Error(esc, $"{where}.escalate: needs both 'after' (such as 10m) and 'to' (channels)");
                }

                CheckChannels(r, YamlReader.Get(esc, "to"), $"{where}.escalate", escalateTo, channels);
            }

            list.Add(new RouteConfig
            {
                Id = id,
                Events = events,
                Channels = to,
                Fallback = fallback,
                Subjects = r.Strings(map, "subjects", where),
                MinSeverity = severity ?? Severity.Info,
                MinInterval = r.Duration(map, "min_interval", where, TimeSpan.Zero, TimeSpan.FromDays(7)) ?? TimeSpan.Zero,
                Group = r.Duration(map, "group", where, TimeSpan.Zero, TimeSpan.FromHours(1)) ?? TimeSpan.Zero,
                QuietHours = ReadQuietHours(r, r.AsMapping(YamlReader.Get(map, "quiet_hours"), $"{where}.quiet_hours"), $"{where}.quiet_hours", siteTimeZone),
                EscalateAfter = escalateAfter,
                EscalateTo = escalateTo,
            });
        }

        return list;
    }

    private static QuietHours? ReadQuietHours(YamlReader r, YamlMappingNode? map, string where, string siteTimeZone)
    {
        if (map is null)
        {
            return null;
        }

        r.RejectUnknownKeys(map, where, "from", "to", "time_zone");
        TimeOnly? Time(string key)
        {
            var text = r.String(map, key, where, required: true);
            if (text is null)
            {
                return null;
            }

            if (TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
            {
                return t;
            }

            r.Error(YamlReader.Get(map, key), $"{where}: '{key}' must be a time like 22:00, not '{text}'");
            return null;
        }

        var from = Time("from");
        var to = Time("to");
        var zone = r.String(map, "time_zone", where) ?? siteTimeZone;
        if (NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) is null)
        {
            r.Error(YamlReader.Get(map, "time_zone"), $"{where}: 'time_zone' '{zone}' is not an IANA time zone id");
            return null;
        }

        return from is null || to is null ? null : new QuietHours(from.Value, to.Value, zone);
    }

    private static RelayOptions ReadRelay(YamlReader r, YamlMappingNode? map)
    {
        var where = Key + ".relay";
        if (map is null)
        {
            return new RelayOptions();
        }

        r.RejectUnknownKeys(map, where, "base_delay", "max_delay", "max_attempts", "batch");
        var d = new RelayOptions();
        return d with
        {
            BaseDelay = r.Duration(map, "base_delay", where, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1)) ?? d.BaseDelay,
            MaxDelay = r.Duration(map, "max_delay", where, TimeSpan.FromMilliseconds(10), TimeSpan.FromDays(1)) ?? d.MaxDelay,
            MaxAttempts = r.Int(map, "max_attempts", where, 1, 100) ?? d.MaxAttempts,
            Batch = r.Int(map, "batch", where, 1, 5000) ?? d.Batch,
        };
    }

    /// <summary>Reports channel ids that no channel has.</summary>
    public static void CheckChannels(YamlReader r, YamlNode? node, string where, IEnumerable<string> named, HashSet<string> known)
    {
        foreach (var id in named.Where(id => !known.Contains(id)))
        {
            r.Error(node, $"{where}: no channel has the id '{id}' (channels: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
        }
    }
}
