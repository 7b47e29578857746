using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Pharos.Telemetry;

/// <summary>Registers OpenTelemetry export over OTLP when a <see cref="TelemetryPlan"/> asks for it, and nothing otherwise.</summary>
public static class TelemetryRegistration
{
    /// <summary>Pharos's own meters (any named "Pharos" or "Pharos.*") and the runtime's.</summary>
    private static readonly string[] Meters = ["Pharos", "Pharos.*", "System.Runtime"];

    /// <summary>Probes and scrapes arrive every few seconds and say nothing about users' requests: they are not traced.</summary>
    private static readonly string[] QuietPaths = ["/healthz", "/readyz", "/metrics"];

    /// <param name="nodeId">The cluster's id of this node, exported as service.instance.id.</param>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, TelemetryConfig config, string nodeId, Func<string, string?>? environment = null)
    {
        var plan = TelemetryPlan.Resolve(config, nodeId, environment ?? Environment.GetEnvironmentVariable);
        if (plan is null)
        {
            return services;
        }

        services.AddSingleton(plan);
        services.AddHostedService<TelemetryAnnouncement>();
        var otel = services.AddOpenTelemetry().ConfigureResource(r => r
            .AddService(plan.ServiceName, serviceVersion: plan.Version, autoGenerateServiceInstanceId: false, serviceInstanceId: plan.InstanceId)
            .AddAttributes([new("host.name", plan.HostName)]));
        if (plan.Traces)
        {
            otel.WithTracing(t =>
            {
                t.AddSource(PharosTelemetry.SourceName)
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !QuietPaths.Contains(http.Request.Path.Value, StringComparer.OrdinalIgnoreCase))
                    .AddHttpClientInstrumentation()
                    .AddOtlpExporter(o => plan.Apply(o, "v1/traces"));
                if (plan.SampleRatio is { } ratio)
                {
                    t.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)));
                }
            });
        }

        if (plan.Metrics)
        {
            otel.WithMetrics(m => m
                .AddMeter(Meters)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter((o, reader) =>
                {
                    plan.Apply(o, "v1/metrics");
                    if (plan.Interval is { } every)
                    {
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)every.TotalMilliseconds;
                    }
                }));
        }

        return services;
    }

    /// <summary>
    /// Builds the providers before any feature creates its instruments, so that what a feature records at once (the
    /// counters exported as 0 from the start) is seen; the hosting extension would build them only when the host starts.
    /// </summary>
    public static void StartTelemetry(this IServiceProvider services)
    {
        services.GetService<MeterProvider>();
        services.GetService<TracerProvider>();
    }
}
