using Pharos.Config;
using Pharos.Monitoring.History;
using Pharos.Monitoring.State;
using Pharos.Monitoring.Storage;
using Pharos.StatusPage;
using Pharos.Storage;

namespace Pharos.StaticSite;

/// <summary>The services an export needs: the status page's renderers and refresher over the database, without a web server.</summary>
public static class StaticSiteServices
{
    public static ServiceProvider Build(SiteCatalog config, Database database, TimeProvider? time = null, Action<ILoggingBuilder>? logging = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            b.AddSimpleConsole(o => o.SingleLine = true);
            logging?.Invoke(b);
        });
        services.AddSingleton(config);
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton(database);
        services.AddSingleton<IStatusStore, SqliteStatusStore>();
        services.AddSingleton<IMonitorStore, SqliteMonitorStore>();
        services.AddSingleton<StoredComponentHealth>();
        services.AddSingleton<IComponentHealthSource>(sp => sp.GetRequiredService<StoredComponentHealth>());
        services.AddSingleton<MonitorHistoryLoader>();
        services.AddStatusPage();
        services.AddSingleton<SiteFiles>();
        services.AddSingleton<SiteExporter>();
        return services.BuildServiceProvider();
    }
}
