using Pharos.Authoritative;
using Pharos.Http;
using Pharos.Admin;
using Pharos.StatusPage.Api;
using Pharos.Config;
using Pharos.Demo;
using Pharos.Failover;
using Pharos.FailoverSite;
using Pharos.Monitoring;
using Pharos.StatusPage;
using Pharos.Storage;
using Pharos.Writes;

namespace Pharos.Hosting;

/// <summary>Builds the web host for `pharos serve`: one extension per feature, in the order requests meet them.</summary>
public static class PharosHost
{
    public static async Task<WebApplication> BuildAsync(ServeOptions options, PharosConfig config, Action<IServiceCollection>? configure = null, CancellationToken ct = default)
    {
        string? demoCertificate = null;
        if (options.Demo)
        {
            Directory.CreateDirectory(options.DataDirectory);
            (config, demoCertificate) = DemoCertificate.Ensure(config, options.DataDirectory);
        }

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
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new SqliteDatabase(options.DatabasePath));
        services.AddSingleton<IStatusStore, SqliteStatusStore>();
        services.AddStatusWrites();
        services.AddMonitoring(config);
        services.AddStatusPage();
        if (options.Demo)
        {
            services.AddHostedService<DemoTargets>();
            services.AddHostedService<DemoPrimary>();
        }

        services.AddAdmin(options);
        services.AddAuthoritativeDns(config.Dns);
        services.AddFailover(config);
        services.AddFailoverSite(config);
        configure?.Invoke(services);

        var app = builder.Build();
        var store = app.Services.GetRequiredService<IStatusStore>();
        await store.MigrateAsync(ct).ConfigureAwait(false);
        if (demoCertificate is not null)
        {
            app.Logger.LogWarning("Generated a self-signed certificate for the demo failover site's names at {Path}; browsers will warn about it", demoCertificate);
        }

        app.Services.ValidateFailoverSite(config);
        await app.Services.PrepareZonesAsync(ct).ConfigureAwait(false);
        if (options.Demo)
        {
            var time = app.Services.GetRequiredService<TimeProvider>();
            await DemoSeeder.SeedIfEmptyAsync(store, app.Services.GetRequiredService<IStatusWriteStore>(), config, time.GetUtcNow(), ct).ConfigureAwait(false);
            var monitorStore = app.Services.GetRequiredService<Monitoring.Storage.IMonitorStore>();
            await DemoMonitorSeeder.SeedIfEmptyAsync(store, monitorStore, config, time.GetUtcNow(), ct).ConfigureAwait(false);
        }

        app.UseTrustedProxies(config.TrustedProxies);
        app.UseSecurityHeaders();
        app.UseAdmin();
        app.MapStatusPage();
        app.MapStatuspageApi();
        app.MapMonitoring();
        app.MapAdmin();
        app.MapFallback(StatusPageEndpoints.NotFound);
        return app;
    }
}
