namespace Pharos.Cluster;

/// <summary>Registers the node's identity, leader election, the gate of leader-only services and the node heartbeat.</summary>
public static class ClusterRegistration
{
    public static IServiceCollection AddCluster(this IServiceCollection services, NodeConfig config, string dataDirectory)
    {
        services.AddSingleton(config);
        services.AddSingleton(NodeIdentity.For(config, dataDirectory));
        services.AddSingleton<LeaseStore>();
        services.AddSingleton<NodeDirectory>();
        services.AddSingleton<LeaseLeadership>();
        services.AddSingleton<ILeadership>(sp => sp.GetRequiredService<LeaseLeadership>());
        services.AddSingleton<ILeaderFence>(sp => sp.GetRequiredService<LeaseLeadership>());
        if (!services.Any(d => d.ServiceType == typeof(LeaderOnlyServices)))
        {
            services.AddSingleton(new LeaderOnlyServices());
        }

        services.AddSingleton<NodeRegistry>();
        services.AddSingleton<LeaderGate>();
        return services;
    }

    /// <summary>
    /// Adds the hosted services in their order: leadership first (a lone node takes its lease while starting), then the
    /// heartbeat, then the gate. Called by the host after every feature registered its leader-only services.
    /// </summary>
    public static IServiceCollection AddClusterServices(this IServiceCollection services)
    {
        services.AddHostedService(sp => sp.GetRequiredService<LeaseLeadership>());
        services.AddHostedService(sp => sp.GetRequiredService<NodeRegistry>());
        services.AddHostedService(sp => sp.GetRequiredService<LeaderGate>());
        return services;
    }
}
