using OpenTelemetry.Exporter;
using Pharos.Config;
using Pharos.Telemetry;
using Pharos.Tests.Support;

namespace Pharos.Tests.Telemetry;

/// <summary>The `telemetry:` section and how it combines with the standard OTEL_* variables.</summary>
public sealed class TelemetryConfigTests
{
    private static readonly Dictionary<string, string> NoVariables = [];

    private static TelemetryConfig Load(string telemetry) =>
        ConfigLoader.Load("site:\n  name: Shop\ntelemetry:\n" + telemetry, "pharos.yaml").Telemetry;

    private static TelemetryPlan? Plan(TelemetryConfig config, Dictionary<string, string> env) =>
        TelemetryPlan.Resolve(config, "node-a", name => env.GetValueOrDefault(name));

    [Fact]
    public void A_full_section_loads_and_an_absent_one_is_off()
    {
        var c = Load("""
              service_name: status-eu
              otlp:
                endpoint: https://otel.example.net:4318/
                protocol: grpc
                interval: 30s
                timeout: 5s
              traces:
                sample_ratio: 0.25
            """);
        c.ServiceName.ShouldBe("status-eu");
        c.Otlp!.Endpoint.ShouldBe(new Uri("https://otel.example.net:4318/"));
        c.Otlp.Protocol.ShouldBe(OtlpWireProtocol.Grpc);
        c.Otlp.Interval.ShouldBe(TimeSpan.FromSeconds(30));
        c.Otlp.Timeout.ShouldBe(TimeSpan.FromSeconds(5));
        c.SampleRatio.ShouldBe(0.25);

        var none = ConfigLoader.Load("site:\n  name: Shop\n", "pharos.yaml").Telemetry;
        Plan(none, NoVariables).ShouldBeNull("no endpoint anywhere: no exporter, no listener, no cost");
    }

    [Fact]
    public void Mistakes_are_reported_at_their_line_with_the_field()
    {
        const string yaml = """
            site:
              name: Shop
            telemetry:
              otlp:
                endpoint: http://user:pw@collector:4318
                protocol: thrift
                headers_file: /nonexistent/otlp-headers
                interval: 0s
                color: blue
              traces:
                sample_ratio: 1.5
            """;
        var errors = Should.Throw<ConfigException>(() => ConfigLoader.Load(yaml, "pharos.yaml")).Errors.Select(e => e.ToString()).ToList();
        errors.ShouldContain(e => e.StartsWith("pharos.yaml:5:15: telemetry.otlp: 'endpoint' must be an absolute http(s) URL without credentials", StringComparison.Ordinal));
        errors.ShouldContain("pharos.yaml:6:15: telemetry.otlp: 'protocol' must be grpc or http/protobuf, not 'thrift'");
        errors.ShouldContain(e => e.StartsWith("pharos.yaml:5:5: telemetry.otlp: the OTLP headers are missing", StringComparison.Ordinal));
        errors.ShouldContain("pharos.yaml:8:15: telemetry.otlp: 'interval' must be between 1s and 1h");
        errors.ShouldContain(e => e.StartsWith("pharos.yaml:9:5: unknown field 'color' in telemetry.otlp", StringComparison.Ordinal));
        errors.ShouldContain("pharos.yaml:11:19: telemetry.traces: 'sample_ratio' must be a number from 0 to 1 (the share of traces kept), not '1.5'");
    }

    [Fact]
    public void The_standard_variables_turn_export_on_and_pharos_yaml_wins_where_it_speaks()
    {
        var fromEnv = Plan(new TelemetryConfig(), new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector:4318", ["OTEL_SERVICE_NAME"] = "from-env" })!;
        fromEnv.Traces.ShouldBeTrue();
        fromEnv.Metrics.ShouldBeTrue();
        fromEnv.Endpoint.ShouldBeNull("the exporter reads the variable itself, adding /v1/traces and /v1/metrics");
        fromEnv.ServiceName.ShouldBe("from-env");
        fromEnv.Interval.ShouldBe(TelemetryPlan.DefaultInterval);

        var tracesOnly = Plan(new TelemetryConfig(), new() { ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = "http://collector:4318/v1/traces", ["OTEL_METRIC_EXPORT_INTERVAL"] = "5000" })!;
        tracesOnly.Traces.ShouldBeTrue();
        tracesOnly.Metrics.ShouldBeFalse("no metrics endpoint: metrics are not sent to a default address");
        tracesOnly.Interval.ShouldBeNull("OTEL_METRIC_EXPORT_INTERVAL is left to the SDK");

        var config = new TelemetryConfig { ServiceName = "from-yaml", Otlp = new OtlpConfig { Endpoint = new Uri("http://yaml:4318") } };
        var both = Plan(config, new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://env:4318", ["OTEL_SERVICE_NAME"] = "from-env" })!;
        both.ServiceName.ShouldBe("from-yaml");
        var traces = new OtlpExporterOptions();
        both.Apply(traces, "v1/traces");
        traces.Endpoint.ShouldBe(new Uri("http://yaml:4318/v1/traces"));
        traces.Protocol.ShouldBe(OtlpExportProtocol.HttpProtobuf);

        Plan(config, new() { ["OTEL_SDK_DISABLED"] = "true" }).ShouldBeNull("OTEL_SDK_DISABLED switches everything off");
    }

    [Fact]
    public void Grpc_keeps_the_endpoint_as_given_and_the_instance_is_the_node()
    {
        var plan = Plan(new TelemetryConfig { Otlp = new OtlpConfig { Endpoint = new Uri("http://collector:4317"), Protocol = OtlpWireProtocol.Grpc } }, NoVariables)!;
        var o = new OtlpExporterOptions();
        plan.Apply(o, "v1/metrics");
        o.Protocol.ShouldBe(OtlpExportProtocol.Grpc);
        o.Endpoint.ShouldBe(new Uri("http://collector:4317"));
        plan.InstanceId.ShouldBe("node-a", "service.instance.id is the cluster's node id");
        plan.HostName.ShouldBe(Environment.MachineName);
    }

    [Fact]
    public void Headers_that_are_not_name_value_pairs_stop_the_start_without_showing_them()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "headers");
        File.WriteAllText(file, "just-a-token-no-name");
        var config = new TelemetryConfig { Otlp = new OtlpConfig { Endpoint = new Uri("http://c:4318"), Headers = new FileSecret(file) } };
        var e = Should.Throw<PharosStartupException>(() => Plan(config, NoVariables));
        e.Message.ShouldContain(file);
        e.Message.ShouldNotContain("just-a-token-no-name");
    }
}
