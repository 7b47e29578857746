using Microsoft.Extensions.DependencyInjection.Extensions;
using Pharos.Cluster;
using Pharos.Monitoring.Checks;

namespace Pharos.Failover.Parity;

/// <summary>Registers parity: the store everywhere (every node shows reports), the schedule on the leading node only.</summary>
public static class ParityRegistration
{
    public static IServiceCollection AddParity(this IServiceCollection services)
    {
        services.AddSingleton<ParityStore>();
        services.TryAddSingleton<HttpHandlerPool>();
        services.AddSingleton<ParityChecker>();
        services.AddSingleton<ParityService>();
        services.AddSingleton<IParityCheck>(sp => sp.GetRequiredService<ParityService>());
        // It alerts, so it runs where the controller runs.
        services.AddLeaderOnly<ParityService>();
        return services;
    }
}
