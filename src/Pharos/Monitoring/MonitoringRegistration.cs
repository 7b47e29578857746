using Microsoft.Extensions.DependencyInjection.Extensions;
using Pharos.Config;
using Pharos.Monitoring.Alerts;
using Pharos.Monitoring.Api;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.History;
using Pharos.Monitoring.Incidents;
using Pharos.Monitoring.Locations;
using Pharos.Monitoring.Metrics;
using Pharos.Monitoring.Results;
using Pharos.Monitoring.Scheduling;
using Pharos.Monitoring.State;
using Pharos.Monitoring.Storage;

namespace Pharos.Monitoring;

/// <summary>Registration of the monitor role: checks, scheduler, result storage, automatic incidents, metrics and APIs.</summary>
public static class MonitoringRegistration
{
    /// <summary>
    /// Registers monitoring with what it needs of the config: the `monitoring:` settings and the checks with the
    /// component ids they may name (<see cref="CheckCatalog"/>); no monitoring class takes the whole config.
    /// </summary>
    public static IServiceCollection AddMonitoring(this IServiceCollection services, MonitoringConfig monitoring, IReadOnlyList<CheckConfig> checks, SiteCatalog catalog)
    {
        services.AddSingleton(monitoring);
        services.AddSingleton(new CheckCatalog(checks, catalog.Components.Select(c => c.Id)));
        services.AddMetrics();
        services.AddSingleton<PrometheusExporter>();
        services.AddSingleton<MonitorMetrics>();
        services.AddSingleton<IMonitorStore, SqliteMonitorStore>();
        services.AddSingleton<HttpHandlerPool>();
        services.AddSingleton<HeartbeatRegistry>();
        services.AddSingleton<ProbeFactory>();
        services.AddSingleton<LocationPlan>();
        services.AddSingleton<LocationResults>();
        services.AddSingleton<LocationEvents>();
        services.AddSingleton<CheckTracker>();
        services.AddSingleton<IComponentHealthSource>(sp => sp.GetRequiredService<CheckTracker>());
        services.AddSingleton<MonitorHistoryLoader>();
        services.AddSingleton(new ResultWriterOptions());
        services.AddSingleton<ResultWriter>();
        services.AddSingleton<CheckEvents>();
        services.AddSingleton<StorageAlerts>();
        services.AddSingleton<MonitorPipeline>();
        services.AddSingleton<IResultSink>(sp => sp.GetRequiredService<MonitorPipeline>());
        services.AddSingleton(new SchedulerOptions());
        // The scheduler runs this server's location's checks; remote probes run the others and post their results.
        services.TryAddSingleton<ICheckAssignment>(sp => new AllChecksAssignment(sp.GetRequiredService<LocationPlan>().OwnCatalog()));
        services.TryAddSingleton<ICheckOwnership>(SoleOwnership.Instance);
        services.AddSingleton<CheckScheduler>();
        services.AddSingleton<AutoIncidentService>();

        // Start order matters: state is restored before the page's first snapshot and before any check runs;
        // the writer starts before the scheduler and, stopping in reverse order, drains after it.
        services.AddHostedService<MonitorStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<ResultWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<AutoIncidentService>());
        services.AddHostedService(sp => sp.GetRequiredService<CheckScheduler>());
        return services;
    }

    public static IEndpointRouteBuilder MapMonitoring(this IEndpointRouteBuilder app)
    {
        // The exporter listens from start-up, so that runs before the first scrape are counted.
        app.ServiceProvider.GetRequiredService<PrometheusExporter>();
        var metrics = app.ServiceProvider.GetRequiredService<MonitorMetrics>();
        var writer = app.ServiceProvider.GetRequiredService<ResultWriter>();
        var tracker = app.ServiceProvider.GetRequiredService<CheckTracker>();
        var checks = app.ServiceProvider.GetRequiredService<CheckCatalog>();
        metrics.Gauge("pharos_result_queue_depth", () => writer.QueueDepth, "Results waiting for the writer");
        metrics.Gauge("pharos_checks_configured", () => checks.All.Count, "Checks in the config, hostnames expanded");
        var scheduler = app.ServiceProvider.GetRequiredService<CheckScheduler>();
        metrics.Gauge("pharos_checks_assigned", () => scheduler.Assigned, "Checks this process runs now (all of them, unless a cluster or probe divides them)");
        metrics.Gauge("pharos_scheduler_runs_in_flight", () => scheduler.InFlight, "Check runs going now; near monitoring.max_concurrency means runs wait for a place");
        var locations = app.ServiceProvider.GetRequiredService<LocationResults>();
        metrics.Gauge("pharos_locations_impaired", () => locations.Impaired.Count, "Locations whose every check fails at once, canaries included; their results are set aside");
        metrics.Gauge("pharos_checks_down", () => checks.All.Count(c => tracker.StateOf(c.Id).Health == CheckHealth.Down), "Checks that are down now");

        HeartbeatEndpoints.Map(app);
        MonitoringApi.MapMonitoringApi(app);
        // Metrics reveal which checks fail and how the fleet is built: a token with the read scope is needed, as
        // Prometheus sends with `authorization: { credentials_file: … }`.
        app.MapGet("/metrics", (PrometheusExporter exporter) =>
            Microsoft.AspNetCore.Http.Results.Text(exporter.Render(), "text/plain; version=0.0.4; charset=utf-8"))
            .RequireAuthorization(Accounts.AuthPolicies.ApiRead);
        return app;
    }
}
