using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Pharos.Monitoring.Scheduling;
using Pharos.Telemetry;
using Pharos.Tests.Support;

namespace Pharos.Tests.Telemetry;

/// <summary>Pharos exporting to a real OTLP/HTTP receiver on loopback: check-run spans, request spans and every Pharos meter.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Check_runs_requests_and_pharos_meters_reach_the_collector_with_the_resource()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var target = await LoopbackServer.StartAsync();
        using var dir = new TempDir();
        var headers = Path.Combine(dir.Path, "otlp-headers");
        await File.WriteAllTextAsync(headers, "x-api-key=s3cret-value\n");
        await using var app = await TestApp.StartAsync(
            MonitorTestConfigs.Site + $"""

            checks:
              - id: web
                type: http
                component: app
                url: {target.Url("/health")}
                interval: 1s
                timeout: 1s
            node:
              id: node-a
            telemetry:
              service_name: pharos-test
              otlp:
                endpoint: {collector.BaseUrl}
                protocol: http/protobuf
                headers_file: {headers}
                interval: 1s
              traces:
                sample_ratio: 1
            """,
            configure: s => s.Replace(ServiceDescriptor.Singleton(new SchedulerOptions { MaxJitter = TimeSpan.Zero })));

        (await app.Client.GetAsync("/api/v2/status.json")).EnsureSuccessStatusCode();
        (await app.Client.GetAsync("/healthz")).EnsureSuccessStatusCode();

        await Eventually.TrueAsync(
            () => collector.Received("/v1/traces", PharosTelemetry.CheckRun, "pharos.check.id", "web") &&
                  collector.Exports.Any(e => e.Path == "/v1/traces" && e.HasAttribute("url.path", "/api/v2/status.json")),
            TimeSpan.FromSeconds(20), "a trace export with a check run and the API request; " + collector.Describe("/v1/traces"));
        await Eventually.TrueAsync(
            () => collector.Received("/v1/metrics", "pharos_check_runs_total", "pharos_scheduler_lag_seconds", "pharos_notifications_undeliverable_total"),
            TimeSpan.FromSeconds(20), "a metrics export with the monitor's and the relay's meters; " + collector.Describe("/v1/metrics"));

        var all = collector.Exports;
        all.ShouldAllBe(e => e.Method == "POST" && e.ContentType == "application/x-protobuf");
        all.ShouldAllBe(e => e.Headers.GetValueOrDefault("x-api-key") == "s3cret-value", "the headers file's header rides on every export");
        foreach (var e in all)
        {
            e.Contains("service.name").ShouldBeTrue();
            e.Contains("pharos-test").ShouldBeTrue();
            e.Contains("service.instance.id").ShouldBeTrue();
            e.Contains("node-a").ShouldBeTrue();
            e.Contains("host.name").ShouldBeTrue();
            e.Contains("service.version").ShouldBeTrue();
        }

        // The test's own client is traced too (HttpClient instrumentation is process-wide): only the server span has url.path.
        all.Where(e => e.Path == "/v1/traces").ShouldNotContain(e => e.HasAttribute("url.path", "/healthz"), "probes and scrapes are not traced");
    }

    [SkippableFact]
    public async Task Without_an_endpoint_no_opentelemetry_service_is_registered()
    {
        await using var app = await TestApp.StartAsync();
        var environmentAsksForIt = TelemetryPlan.Resolve(new TelemetryConfig(), "node", Environment.GetEnvironmentVariable) is not null;
        Skip.If(environmentAsksForIt, "this test process has OTEL_EXPORTER_OTLP_* set");
        app.Services.GetService<TracerProvider>().ShouldBeNull();
        app.Services.GetService<MeterProvider>().ShouldBeNull();
        app.Services.GetService<TelemetryPlan>().ShouldBeNull();
    }
}
