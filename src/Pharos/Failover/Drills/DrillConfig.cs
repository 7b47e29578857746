using Cronos;
using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Failover.Drills;

/// <summary>A policy's `drill:` section: how long a drill holds the standby, and an optional schedule.</summary>
public sealed record DrillConfig
{
    /// <summary>The hold when neither the config nor the operator names one: long enough for resolvers and the site to be seen.</summary>
    public static readonly TimeSpan DefaultHold = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan MaxHold = TimeSpan.FromHours(4);

    public TimeSpan Hold { get; init; } = DefaultHold;

    /// <summary>Five-field cron (Cronos), in <see cref="TimeZone"/>; null: drills only when an operator asks.</summary>
    public CronExpression? Schedule { get; init; }

    /// <summary>The schedule as written, for pages and the CLI.</summary>
    public string? ScheduleText { get; init; }

    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>
    /// A page of the failover site asked while the names are on the standby, connecting to the failover side's first
    /// address with this URL's host name (as a customer would); null: the standby checks' last results are the evidence.
    /// </summary>
    public Uri? VerifyUrl { get; init; }

    /// <summary>The next scheduled drill after <paramref name="from"/>; null without a schedule.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset from) => Schedule?.GetNextOccurrence(from, TimeZone);
}

/// <summary>Reads `drill:` of one policy, with file, line and field in every error.</summary>
internal static class DrillConfigReader
{
    public static DrillConfig Read(YamlReader r, YamlNode? node, string where)
    {
        if (r.AsMapping(node, where) is not { } map)
        {
            return new DrillConfig();
        }

        r.RejectUnknownKeys(map, where, "schedule", "hold", "time_zone", "verify_url");
        var hold = r.Duration(map, "hold", where, TimeSpan.FromSeconds(1), DrillConfig.MaxHold) ?? DrillConfig.DefaultHold;
        CronExpression? schedule = null;
        var text = r.String(map, "schedule", where);
        if (text is not null)
        {
            try
            {
                schedule = CronExpression.Parse(text, CronFormat.Standard);
            }
            catch (CronFormatException e)
            {
                r.Error(YamlReader.Get(map, "schedule"), $"{where}.schedule: '{text}' is not a cron expression (minute hour day-of-month month day-of-week, e.g. \"0 4 * * 1\"): {e.Message}");
            }
        }

        var zone = TimeZoneInfo.Utc;
        if (r.String(map, "time_zone", where) is { } id && !TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone))
        {
            r.Error(YamlReader.Get(map, "time_zone"), $"{where}.time_zone: '{id}' is not a known time zone id (IANA, e.g. Europe/Berlin)");
            zone = TimeZoneInfo.Utc;
        }

        Uri? verify = null;
        if (r.String(map, "verify_url", where) is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out verify) || verify.Scheme is not ("http" or "https")))
        {
            r.Error(YamlReader.Get(map, "verify_url"), $"{where}.verify_url: '{url}' must be an absolute http or https URL");
            verify = null;
        }

        return new DrillConfig { Hold = hold, Schedule = schedule, ScheduleText = schedule is null ? null : text, TimeZone = zone!, VerifyUrl = verify };
    }
}
