using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Notifications.Health;

/// <summary>Reads `notifications.health:`.</summary>
internal static class HealthConfigReader
{
    public static HealthConfig Read(YamlReader r, YamlMappingNode? map, string where)
    {
        var d = new HealthConfig();
        if (map is null)
        {
            return d;
        }

        r.RejectUnknownKeys(map, where, "max_pending_age", "max_pending", "max_router_lag", "database_timeout");
        return new HealthConfig
        {
            MaxPendingAge = r.Duration(map, "max_pending_age", where, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7)) ?? d.MaxPendingAge,
            MaxPending = r.Int(map, "max_pending", where, 1, int.MaxValue) ?? d.MaxPending,
            MaxRouterLag = r.Duration(map, "max_router_lag", where, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7)) ?? d.MaxRouterLag,
            DatabaseTimeout = r.Duration(map, "database_timeout", where, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1)) ?? d.DatabaseTimeout,
        };
    }
}
