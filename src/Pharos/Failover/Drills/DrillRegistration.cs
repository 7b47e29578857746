using Pharos.Cluster;

namespace Pharos.Failover.Drills;

/// <summary>Registers drills: the store and requests on every node; the runner and its loop on the leading node only.</summary>
public static class DrillRegistration
{
    /// <summary>On every host, policies or not: the admin and the API read drills through these.</summary>
    public static IServiceCollection AddDrillReads(this IServiceCollection services)
    {
        services.AddSingleton<DrillStore>();
        services.AddSingleton<DrillRequests>();
        return services;
    }

    /// <summary>Call after the failover controller is registered, so drills start once every policy has loaded its state.</summary>
    public static IServiceCollection AddFailoverDrills(this IServiceCollection services)
    {
        // The built-in pre-checks, in order; others (parity) add their own IDrillPrecheck and run after these.
        services.AddSingleton<IDrillPrecheck, SteadyOnPrimaryPrecheck>();
        services.AddSingleton<IDrillPrecheck, StandbyReadyPrecheck>();
        services.AddSingleton<IDrillPrecheck, LiveRecordsPrecheck>();
        services.AddSingleton<IDrillPrecheck, ParityPrecheck>();
        services.AddSingleton<DrillRunner>();
        services.AddSingleton<DrillService>();
        services.AddLeaderOnly<DrillService>();
        return services;
    }
}
