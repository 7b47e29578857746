using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Scheduling;

namespace Pharos.Tests.Support;

/// <summary>Configs with checks, and a way to run one check's probe once as the scheduler would.</summary>
public static class MonitorTestConfigs
{
    public const string Site = """
        site:
          name: Monitor Test
          public_url: http://status.test.example/
          time_zone: Etc/UTC
          refresh_interval: 2s
          page_id: monitortest1
        components:
          - id: app
            name: Application
          - id: domains
            name: Custom domains
        """;

    public static PharosConfig Load(string checksYaml) => ConfigLoader.Load(Site + "\n" + checksYaml, "pharos.yaml");

    /// <summary>The checks and component ids of a config, as monitoring is given them.</summary>
    public static CheckCatalog Catalog(PharosConfig config) => new(config.Checks, config.Components.Select(c => c.Id));

    /// <summary>Runs every check of the config once, with its timeout, and returns the results by check id.</summary>
    public static async Task<Dictionary<string, ProbeResult>> RunOnceAsync(PharosConfig config, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        using var pool = new HttpHandlerPool();
        var factory = new ProbeFactory(pool, new HeartbeatRegistry(Catalog(config), time), time);
        var results = new Dictionary<string, ProbeResult>();
        foreach (var c in config.Checks)
        {
            results[c.Id] = await CheckRunner.RunAsync(c, factory.Create(c), time, CancellationToken.None);
        }

        return results;
    }

    public static async Task<ProbeResult> RunOneAsync(string checksYaml) => (await RunOnceAsync(Load(checksYaml))).Values.Single();
}
