using Pharos.Authoritative;
using Pharos.Cluster;
using Pharos.Http;
using Pharos.Admin;
using Pharos.StatusPage.Api;
using Pharos.Config;
using Pharos.Failover;
using Pharos.FailoverSite;
using Pharos.Monitoring;
using Pharos.Notifications;
using Pharos.Notifications.Subscribers;
using Pharos.Notifications.Alerts;
using Pharos.Notifications.Health;
using Pharos.StatusPage;
using Pharos.Storage;
using Pharos.Telemetry;
using Pharos.Writes;

namespace Pharos.Hosting;

/// <summary>Builds the web host for `pharos serve`: one extension per feature, in the order requests meet them.</summary>
public static class PharosHost
{
    public static async Task<WebApplication> BuildAsync(ServeOptions options, PharosConfig config, Action<IServiceCollection>? configure = null, CancellationToken ct = default, Func<WebApplication, CancellationToken, Task>? prepare = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(config);
        services.AddSingleton<SiteCatalog>(config);
        services.AddSingleton(config.IncidentTemplates);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new SqliteDatabase(options.DatabasePath));
        services.AddSingleton<IStatusStore, SqliteStatusStore>();
        services.AddStatusWrites();
        services.AddMonitoring(config.Monitoring, config.Checks, config);
        services.AddStatusPage();

        var node = config.Node;
        services.AddCluster(node, options.DataDirectory);
        services.AddAdmin(options, config.Admin);
        services.AddAuthoritativeDns(config.Dns, listen: node.Runs(NodeRole.Dns));
        services.AddFailover(config.Failover, config.Dns);
        if (node.Runs(NodeRole.FailoverSite))
        {
            services.AddFailoverSite(config.FailoverSite, config);
        }

        services.AddNotifications(config.Notifications);
        services.AddTelemetry(config.Telemetry, NodeIdentity.For(node, options.DataDirectory).Id);
        // A merchant may subscribe to one hostname of the `hostnames` checks; Notifications does not know Monitoring.
        services.AddSingleton<ISubscriberHostnames>(new FixedSubscriberHostnames(config.Checks.Where(c => c.Hostname is not null).Select(c => c.Hostname!)));
        configure?.Invoke(services);

        // Last, so that every feature has named its leader-only services before the gate is built.
        services.AddClusterServices();

        var app = builder.Build();
        app.Services.StartTelemetry();
        var store = app.Services.GetRequiredService<IStatusStore>();
        await store.MigrateAsync(ct).ConfigureAwait(false);

        if (node.Runs(NodeRole.FailoverSite))
        {
            app.Services.ValidateFailoverSite(config.FailoverSite, config.Failover);
        }
        await app.Services.PrepareZonesAsync(ct).ConfigureAwait(false);
        await app.Services.PrepareNotificationsAsync(ct).ConfigureAwait(false);
        if (prepare is not null)
        {
            await prepare(app, ct).ConfigureAwait(false);
        }

        app.UseTrustedProxies(config.TrustedProxies);
        app.UseSecurityHeaders();
        app.UseAdmin();
        if (node.Runs(NodeRole.Web))
        {
            app.MapStatusPage();
            app.MapSubscribe();
            app.MapStatuspageApi();
        }

        app.MapMonitoring();
        if (node.Runs(NodeRole.Web))
        {
            app.MapAdmin();
        }

        app.MapHealth();
        app.MapAcknowledgeLinks();
        app.MapFallback(StatusPageEndpoints.NotFound);
        return app;
    }
}
