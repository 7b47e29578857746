using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Metrics;

namespace Pharos.Probes.Agent;

/// <summary>Builds the host of `pharos probe`: no web server, no database; the scheduler, the probes and the disk buffer.</summary>
public static class ProbeHost
{
    public static IHost Build(ProbeAgentOptions options)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "pharos-probe" });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        var services = builder.Services;
        services.AddMetrics();
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(BatchSpool.Open(options.DataDirectory, options.MaxBufferBytes));
        services.AddSingleton(sp => new ProbeClient(options, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ProbeSink>();
        services.AddSingleton<ProbeUploader>();
        services.AddSingleton<MonitorMetrics>();
        services.AddSingleton<HttpHandlerPool>();
        // Heartbeats are received by the server, never run by a probe: the registry a probe factory needs is empty.
        services.AddSingleton(sp => new HeartbeatRegistry(new CheckCatalog([], []), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ProbeFactory>();
        services.AddSingleton(new Monitoring.Scheduling.SchedulerOptions());
        services.AddHostedService<ProbeAgent>();
        return builder.Build();
    }
}
