using Pharos.Cluster;
using Pharos.Storage;

namespace Pharos.Writes;

/// <summary>Registers the one write path for incidents and maintenances and the maintenance clock.</summary>
public static class WritesRegistration
{
    public static IServiceCollection AddStatusWrites(this IServiceCollection services)
    {
        services.AddSingleton<SqliteStatusWriteStore>();
        services.AddSingleton<IStatusWriteStore>(sp => sp.GetRequiredService<SqliteStatusWriteStore>());
        services.AddSingleton<IDomainEventLog>(sp => sp.GetRequiredService<SqliteStatusWriteStore>());
        services.AddSingleton<StatusWriter>();
        services.AddSingleton<MaintenanceClock>();
        services.AddLeaderOnly<MaintenanceClock>();
        return services;
    }
}
