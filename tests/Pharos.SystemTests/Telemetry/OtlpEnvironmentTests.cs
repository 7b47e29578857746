using Pharos.SystemTests.Support;
using Pharos.Telemetry;

namespace Pharos.SystemTests.Telemetry;

/// <summary>`pharos serve` as a process, told where to export only through the standard OTEL_* variables.</summary>
public sealed class OtlpEnvironmentTests
{
    [Fact]
    public async Task The_standard_variables_alone_turn_export_on()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var target = await LoopbackServer.StartAsync();
        using var dir = new TempDir();
        var config = Path.Combine(dir.Path, "pharos.yaml");
        await File.WriteAllTextAsync(config, $"""
            site:
              name: Env Telemetry
            components:
              - {"{"} id: app, name: App {"}"}
            checks:
              - id: env-web
                type: http
                component: app
                url: {target.Url("/")}
                interval: 1s
                timeout: 1s
            """);
        var port = PharosProcess.FreePort();
        await using var pharos = PharosProcess.StartWith(
            new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseUrl.ToString(),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_SERVICE_NAME"] = "pharos-from-env",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
            },
            "serve", "--config", config, "--data", dir.Path, "--urls", $"http://127.0.0.1:{port}");
        await pharos.WaitUntilServingAsync(new Uri($"http://127.0.0.1:{port}/healthz"), TimeSpan.FromSeconds(60));

        await Eventually.TrueAsync(() => collector.Received("/v1/traces", PharosTelemetry.CheckRun, "env-web", "pharos-from-env"),
            TimeSpan.FromSeconds(30), "check-run spans at /v1/traces; " + collector.Describe("/v1/traces"));
        await Eventually.TrueAsync(() => collector.Received("/v1/metrics", "pharos_check_runs_total", "pharos-from-env"),
            TimeSpan.FromSeconds(30), "Pharos metrics at /v1/metrics; " + collector.Describe("/v1/metrics"));
        pharos.Output.ShouldContain("OpenTelemetry: exporting traces and metrics over OTLP to the OTEL_EXPORTER_OTLP_* environment variables");
    }
}
