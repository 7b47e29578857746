using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Monitoring;

/// <summary>Settings of the monitor as a whole (the `monitoring:` section); every field has a default.</summary>
public sealed record MonitoringConfig
{
    /// <summary>How many checks may run at the same moment, across all checks.</summary>
    public int MaxConcurrency { get; init; } = 256;

    /// <summary>How long raw results are kept.</summary>
    public TimeSpan RawRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How long per-minute rollups are kept (they feed the 24-hour chart).</summary>
    public TimeSpan MinuteRetention { get; init; } = TimeSpan.FromDays(2);

    /// <summary>How long hourly and daily rollups are kept.</summary>
    public TimeSpan RollupRetention { get; init; } = TimeSpan.FromDays(400);

    /// <summary>Open and resolve incidents automatically when checks take a component down.</summary>
    public bool AutoIncidents { get; init; }

    /// <summary>
    /// Templates for automatic incidents, which customers read: {component}, {status}, {checks} (the failing checks'
    /// names) and {since} are replaced, and {details} by the last error of failing checks that set public_details
    /// (nothing for the others: an error message can name internal hosts, addresses or stack traces).
    /// </summary>
    public string IncidentTitle { get; init; } = "{component}: {status}";

    public string IncidentBody { get; init; } = "Our monitoring detected a problem with {component}. We are looking into it.";

    /// <summary>Posted when an open automatic incident's component gets worse or better without recovering.</summary>
    public string ChangedBody { get; init; } = "{component} is now in a {status}.";

    public string ResolvedBody { get; init; } = "{component} is working normally again; our checks have passed since {since}.";

    /// <summary>The location this server's own results carry; probes carry theirs (see docs/monitoring.md).</summary>
    public string Location { get; init; } = "local";

    /// <summary>
    /// How recent a location's result must be, behind the newest result of the same check, to count toward quorum;
    /// null: twice the check's interval. A location silent for longer is unknown, never down.
    /// </summary>
    public TimeSpan? QuorumWindow { get; init; }

    /// <summary>Checks of targets outside the monitored service, run from every location to tell a blind location from a down service.</summary>
    public IReadOnlyList<string> Canaries { get; init; } = [];

    /// <summary>The quorum window of a check: the configured one, or twice its interval.</summary>
    public TimeSpan WindowOf(Checks.CheckConfig check) => QuorumWindow ?? check.Interval * 2;
}

/// <summary>Reads the `monitoring:` section, reporting every problem with its line.</summary>
internal static class MonitoringConfigReader
{
    public static MonitoringConfig Read(YamlReader r, YamlMappingNode root)
    {
        var map = r.AsMapping(YamlReader.Get(root, "monitoring"), "monitoring");
        if (map is null)
        {
            return new MonitoringConfig();
        }

        const string where = "monitoring";
        r.RejectUnknownKeys(map, where, "max_concurrency", "raw_retention", "minute_retention", "rollup_retention", "auto_incidents",
            "incident_title", "incident_body", "changed_body", "resolved_body", "location", "quorum_window", "canaries");
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
            ChangedBody = r.String(map, "changed_body", where) ?? d.ChangedBody,
            ResolvedBody = r.String(map, "resolved_body", where) ?? d.ResolvedBody,
            Location = Locations.LocationNames.Read(r, map, "location", where) ?? d.Location,
            QuorumWindow = r.Duration(map, "quorum_window", where, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
            Canaries = r.Strings(map, "canaries", where),
        };
    }
}
