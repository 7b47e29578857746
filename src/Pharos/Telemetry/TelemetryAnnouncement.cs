namespace Pharos.Telemetry;

/// <summary>Says once at start where telemetry goes, so an operator can tell from the log whether export is on.</summary>
internal sealed partial class TelemetryAnnouncement(TelemetryPlan plan, ILogger<TelemetryAnnouncement> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogExporting(logger, plan.Traces ? (plan.Metrics ? "traces and metrics" : "traces") : "metrics", plan.EndpointSource,
            plan.ServiceName, plan.InstanceId, plan.SampleRatio?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 9650, Level = LogLevel.Information, Message = "OpenTelemetry: exporting {Signals} over OTLP to {Endpoint} as {ServiceName} ({InstanceId}); trace sample ratio {Ratio}")]
    private static partial void LogExporting(ILogger logger, string signals, string endpoint, string serviceName, string instanceId, string ratio);
}
