using Pharos.Authoritative;
using Pharos.Config;
using Pharos.Dns.Zones;

namespace Pharos.Failover;

/// <summary>Registers the failover controller and the built-in DNS server when the config asks for them.</summary>
public static class FailoverRegistration
{
    public static IServiceCollection AddFailover(this IServiceCollection services, PharosConfig config)
    {
        services.AddSingleton<IFailoverStore, SqliteFailoverStore>();
        services.AddSingleton<PropagationVerifier>();
        services.AddSingleton<ZoneStore>();
        services.AddSingleton<FailoverIncidents>();
        if (config.Dns.Enabled)
        {
            services.AddSingleton<DnsRole>();
            services.AddHostedService(sp => sp.GetRequiredService<DnsRole>());
        }

        if (config.Failover.Policies.Count > 0)
        {
            services.AddSingleton(sp => new FailoverController(
                config,
                sp.GetRequiredService<IFailoverStore>(),
                sp.GetRequiredService<PropagationVerifier>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>(),
                config.Dns.Enabled ? sp.GetRequiredService<ZoneStore>() : null,
                sp.GetRequiredService<FailoverIncidents>(),
                config.Dns.Enabled ? () => sp.GetRequiredService<DnsRole>().LocalEndpoints : null));
            services.AddHostedService(sp => sp.GetRequiredService<FailoverController>());
            services.AddSingleton<Monitoring.Results.ICheckResultListener>(sp => sp.GetRequiredService<FailoverController>());
        }

        services.AddSingleton(sp => new FailoverService(
            sp.GetRequiredService<IFailoverStore>(),
            sp.GetRequiredService<Storage.IAuditStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<FailoverService>>(),
            config.Failover.Policies.Count > 0 ? sp.GetRequiredService<FailoverController>() : null));
        services.AddHostedService(sp => sp.GetRequiredService<FailoverService>());

        return services;
    }

    /// <summary>Fills the built-in zones before any hosted service starts, so the server never answers from an empty store.</summary>
    public static async Task PrepareFailoverAsync(this IServiceProvider services, PharosConfig config, CancellationToken ct)
    {
        if (config.Dns.Enabled)
        {
            await BuiltinZones.LoadAsync(services.GetRequiredService<ZoneStore>(), config, services.GetRequiredService<IFailoverStore>(), ct).ConfigureAwait(false);
        }
    }
}
