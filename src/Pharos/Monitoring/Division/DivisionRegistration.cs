using Pharos.Monitoring.Scheduling;
using Pharos.Monitoring.Storage;

namespace Pharos.Monitoring.Division;

/// <summary>Registers the division of checks among the nodes of a database and the feed of the results other nodes write.</summary>
public static class DivisionRegistration
{
    /// <summary>Called before <see cref="MonitoringRegistration.AddMonitoring"/>, whose single-process defaults it replaces.</summary>
    public static IServiceCollection AddCheckDivision(this IServiceCollection services)
    {
        services.AddSingleton<NodeCheckDivision>();
        services.AddSingleton<ICheckAssignment>(sp => sp.GetRequiredService<NodeCheckDivision>());
        services.AddSingleton<ICheckOwnership>(sp => sp.GetRequiredService<NodeCheckDivision>());
        services.AddSingleton<ResultFeedStore>();
        services.AddSingleton<ResultFeed>();
        return services;
    }

    /// <summary>The hosted services, after the monitor's: the state is restored before any followed result is applied.</summary>
    public static IServiceCollection AddCheckDivisionServices(this IServiceCollection services)
    {
        services.AddHostedService(sp => sp.GetRequiredService<NodeCheckDivision>());
        services.AddHostedService(sp => sp.GetRequiredService<ResultFeed>());
        return services;
    }
}
