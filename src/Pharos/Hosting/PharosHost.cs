using Pharos.Authoritative;
using Pharos.Cluster;
using Pharos.Http;
using Pharos.Admin;
using Pharos.Admin.Keys;
using Pharos.StatusPage.Api;
using Pharos.Config;
using Pharos.Failover;
using Pharos.FailoverSite;
using Pharos.Monitoring;
using Pharos.Monitoring.Division;
using Pharos.Notifications;
using Pharos.Notifications.Subscribers;
using Pharos.Notifications.Alerts;
using Pharos.Notifications.Health;
using Pharos.Probes;
using Pharos.StatusPage;
using Pharos.StatusPage.Badges;
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
        // The soft-failover proxy's forwarder logs every request at Information: a line per customer request, on the hot path.
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(config);
        services.AddSingleton<SiteCatalog>(config);
        services.AddSingleton(config.IncidentTemplates);
        services.AddSingleton(TimeProvider.System);
        var database = config.Storage.Open(options.DataDirectory);
        services.AddSingleton(database);
        if (database is SqliteDatabase sqlite)
        {
            // Tools and tests that work on the SQLite file itself (backups, the cross-process tests) ask for it by type.
            services.AddSingleton(sqlite);
        }

        services.AddSingleton<IStatusStore, SqliteStatusStore>();
        services.AddStatusWrites();
        services.AddCheckDivision();
        services.AddMonitoring(config.Monitoring, config.Checks, config, config.WrittenChecks);
        services.AddCheckDivisionServices();
        services.AddProbes(config.PortableChecks);
        services.AddStatusPage();

        var node = config.Node;
        services.AddCluster(node, options.DataDirectory);
        if (database is PostgresDatabase postgres)
        {
            // On a shared PostgreSQL the controller lease is backed by a session advisory lock, released the moment its holder dies.
            services.AddSingleton<Cluster.IExclusiveLock>(new Cluster.PostgresAdvisoryLock(postgres.ConnectionString, Cluster.PostgresAdvisoryLock.ControllerKey));
        }
        services.AddAdmin(config.Admin);
        services.AddAuthoritativeDns(config.Dns, listen: node.Runs(NodeRole.Dns));
        services.AddFailover(config.Failover, config.Dns);
        if (node.Runs(NodeRole.FailoverSite))
        {
            services.AddFailoverSite(config.FailoverSite, config);
        }

        services.AddNotifications(config.Notifications);
        services.AddTelemetry(config.Telemetry, NodeIdentity.For(node, options.DataDirectory).Id);
        // A merchant may subscribe to one hostname of the `hostnames` checks; Notifications does not know Monitoring.
        services.AddSingleton<ISubscriberHostnames>(sp => new CatalogSubscriberHostnames(sp.GetRequiredService<Monitoring.Checks.CheckCatalog>()));
        configure?.Invoke(services);

        // Last, so that every feature has named its leader-only services before the gate is built.
        services.AddClusterServices();

        var app = builder.Build();
        app.Services.StartTelemetry();
        await MigrateAsync(app, database, ct).ConfigureAwait(false);
        await app.Services.PrepareKeyRingAsync(options.DataDirectory, ct).ConfigureAwait(false);

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

        if (node.Runs(NodeRole.Web))
        {
            // Before routing, so "/de/history" finds the route of "/history"; routing then runs right after it.
            PageLanguages.UseLanguagePrefix(app);
        }

        app.UseRouting();
        app.UseTrustedProxies(config.TrustedProxies);
        app.UseSecurityHeaders();
        app.UseAdmin();
        if (node.Runs(NodeRole.Web))
        {
            app.MapStatusPage();
            app.MapBadges();
            app.MapSubscribe();
            app.MapStatuspageApi();
        }

        app.MapMonitoring();
        if (node.Runs(NodeRole.Web))
        {
            // Probes post to whichever node serves the API.
            app.MapProbes();
            app.MapAdmin();
        }

        app.MapHealth();
        app.MapAcknowledgeLinks();
        app.MapFallback(StatusPageEndpoints.NotFound);
        return app;
    }

    /// <summary>An unreachable or refusing database stops the start with one line naming it, not a stack trace.</summary>
    private static async Task MigrateAsync(WebApplication app, Database database, CancellationToken ct)
    {
        try
        {
            await app.Services.GetRequiredService<IStatusStore>().MigrateAsync(ct).ConfigureAwait(false);
            StorageLog.Opened(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Database)), database.EngineName, database.Location);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or System.Net.Sockets.SocketException or TimeoutException && !ct.IsCancellationRequested)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new PharosStartupException($"cannot open the {database.EngineName} database at {database.Location}: {Innermost(e).Message}", e);
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner && e is not Npgsql.PostgresException ? Innermost(inner) : e;
}
