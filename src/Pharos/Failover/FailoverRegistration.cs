using Pharos.Authoritative;
using Pharos.Cluster;
using Pharos.Failover.Audit;
using Pharos.Failover.Commands;
using Pharos.Failover.Parity;
using Pharos.Failover.Providers;

namespace Pharos.Failover;

/// <summary>Registers failover: the controller and its providers when policies are configured, an explicit disabled one otherwise.</summary>
public static class FailoverRegistration
{
    public static IServiceCollection AddFailover(this IServiceCollection services, FailoverConfig failover, DnsRoleConfig dns)
    {
        // The feature takes its own section, never the whole config.
        services.AddSingleton(failover);
        services.AddSingleton<IFailoverStore, SqliteFailoverStore>();
        services.AddSingleton<IFailoverCommandQueue, SqliteFailoverCommandQueue>();
        services.AddSingleton<RecordAuditStore>();
        services.AddParity();
        // Stateless over the one write path; resolvable without policies too (tests drive it directly).
        services.AddSingleton<FailoverIncidents>();
        services.AddSingleton<BuiltinSides>();
        services.AddSingleton<BuiltinZoneStateStore>();
        if (dns.Enabled)
        {
            services.AddSingleton<BuiltinZones>();
            services.AddSingleton<IZoneSource>(sp => sp.GetRequiredService<BuiltinZones>());
            // Nodes that do not lead serve the zones the leader published; a node that starts leading catches up
            // once, before its controller (registered after it) publishes anything.
            services.AddSingleton<BuiltinZoneFollower>();
            services.AddHostedService(sp => sp.GetRequiredService<BuiltinZoneFollower>());
            services.AddSingleton<BuiltinZoneCatchUp>();
            services.AddLeaderOnly<BuiltinZoneCatchUp>();
        }

        if (failover.Policies.Count == 0)
        {
            services.AddSingleton<DisabledFailover>();
            services.AddSingleton<IFailoverStatus>(sp => sp.GetRequiredService<DisabledFailover>());
            services.AddSingleton<IFailoverCommands>(sp => sp.GetRequiredService<DisabledFailover>());
            return services;
        }

        services.AddRecordProviders(dns.Enabled);
        services.AddSingleton<PropagationVerifier>();
        services.AddSingleton<PolicyRunnerFactory>();
        services.AddSingleton<FailoverController>();
        services.AddLeaderOnly<FailoverController>();
        services.AddSingleton<Monitoring.Results.ICheckResultListener>(sp => sp.GetRequiredService<FailoverController>());
        services.AddSingleton<FollowedStates>();
        services.AddHostedService(sp => sp.GetRequiredService<FollowedStates>());
        services.AddSingleton<FailoverOperations>();
        services.AddSingleton<IFailoverStatus>(sp => sp.GetRequiredService<FailoverOperations>());
        services.AddSingleton<IFailoverCommands>(sp => sp.GetRequiredService<FailoverOperations>());
        // After the controller, so that every policy has loaded its state when the first queued command is taken.
        services.AddSingleton<QueuedCommandRelay>();
        services.AddLeaderOnly<QueuedCommandRelay>();
        // Planned windows move names like commands do, so after the controller too.
        services.AddSingleton<MaintenanceMoves>();
        services.AddLeaderOnly<MaintenanceMoves>();
        // The live-record audit alerts, so it runs where the controller runs; every node reads its stored results.
        services.AddSingleton<RecordAuditor>();
        services.AddSingleton<RecordAuditService>();
        services.AddLeaderOnly<RecordAuditService>();
        return services;
    }

    /// <summary>One factory per provider type; builtin only where the built-in server runs to serve its zones.</summary>
    private static void AddRecordProviders(this IServiceCollection services, bool builtinServer)
    {
        if (builtinServer)
        {
            services.AddSingleton<IRecordProviderFactory, BuiltinProviderFactory>();
        }

        services.AddSingleton<IRecordProviderFactory, Rfc2136ProviderFactory>();
        services.AddSingleton<IRecordProviderFactory, CloudflareProviderFactory>();
        services.AddHttpClient(CloudflareProviderFactory.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<RecordProviders>();
    }
}
