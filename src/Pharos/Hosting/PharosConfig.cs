using Pharos.Accounts;
using Pharos.Admin;
using Pharos.Authoritative;
using Pharos.Config;
using Pharos.Failover;
using Pharos.FailoverSite;
using Pharos.Http;
using Pharos.Monitoring;
using Pharos.Monitoring.Checks;

namespace Pharos.Hosting;

/// <summary>Everything pharos.yaml says, validated: the site catalog and each feature's section. Immutable: a reload builds a new one.</summary>
public sealed record PharosConfig : SiteCatalog
{
    /// <summary>Settings of the monitor (the `monitoring:` section).</summary>
    public MonitoringConfig Monitoring { get; init; } = new();

    /// <summary>Every check, with `hostnames` lists already expanded to one check per name.</summary>
    public IReadOnlyList<CheckConfig> Checks { get; init; } = [];

    /// <summary>Each check as written, before expansion, with its inline names and `hostnames_file` (read again when it changes).</summary>
    public IReadOnlyList<WrittenCheck> WrittenChecks { get; init; } = [];

    /// <summary>Each check as written (by its id before hostname expansion), in the form a remote probe fetches.</summary>
    public IReadOnlyDictionary<string, YamlDotNet.RepresentationModel.YamlMappingNode> PortableChecks { get; init; } = new Dictionary<string, YamlDotNet.RepresentationModel.YamlMappingNode>();

    /// <summary>Prepared incidents people can start from in the admin and the API.</summary>
    public IReadOnlyList<IncidentTemplateConfig> IncidentTemplates { get; init; } = [];

    /// <summary>DNS failover policies; empty when the section is absent.</summary>
    public FailoverConfig Failover { get; init; } = new();

    /// <summary>The built-in authoritative DNS server.</summary>
    public DnsRoleConfig Dns { get; init; } = new();

    /// <summary>The maintenance site served from the standby environment.</summary>
    public FailoverSiteConfig FailoverSite { get; init; } = new();

    /// <summary>Sign-in sessions of the admin (the `admin:` section).</summary>
    public AdminConfig Admin { get; init; } = new();

    /// <summary>Channels, routes, subscribers and social posts (the `notifications:` section).</summary>
    public Notifications.NotificationsConfig Notifications { get; init; } = new();

    /// <summary>Where the data lives (the `storage:` section): SQLite in the data folder unless PostgreSQL is chosen.</summary>
    public Storage.StorageConfig Storage { get; init; } = new();

    /// <summary>This node's id, roles and lease timing (the `node:` section, with PHAROS_NODE_ID and PHAROS_ROLES over it).</summary>
    public Cluster.NodeConfig Node { get; init; } = new();

    /// <summary>Reverse proxies whose forwarded headers are believed (`trusted_proxies:`); none by default.</summary>
    public TrustedProxies TrustedProxies { get; init; } = new();

    /// <summary>OpenTelemetry export over OTLP (`telemetry:`); off by default.</summary>
    public Telemetry.TelemetryConfig Telemetry { get; init; } = new();
}
