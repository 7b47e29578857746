using Pharos.Config;

namespace Pharos.Telemetry;

/// <summary>The `telemetry:` section: OpenTelemetry export over OTLP, besides /metrics. Off unless an endpoint is given here or in OTEL_* variables.</summary>
public sealed record TelemetryConfig
{
    /// <summary>`service.name` of the resource; OTEL_SERVICE_NAME, then "pharos", when not given.</summary>
    public string? ServiceName { get; init; }

    /// <summary>Where to send; null leaves the exporter to the OTEL_EXPORTER_OTLP_* variables.</summary>
    public OtlpConfig? Otlp { get; init; }

    /// <summary>Share of traces kept (parent-based); null leaves it to OTEL_TRACES_SAMPLER or the SDK's default (all).</summary>
    public double? SampleRatio { get; init; }
}

/// <summary>`telemetry.otlp`: the collector's address, protocol, headers and the metric export interval.</summary>
public sealed record OtlpConfig
{
    /// <summary>The base URL, as OTEL_EXPORTER_OTLP_ENDPOINT means it: for http/protobuf, /v1/traces and /v1/metrics are added.</summary>
    public Uri? Endpoint { get; init; }

    public OtlpWireProtocol? Protocol { get; init; }

    /// <summary>Headers such as an API key, "name=value,name2=value2" as OTEL_EXPORTER_OTLP_HEADERS; a secret, from a file or a variable.</summary>
    public SecretSource? Headers { get; init; }

    /// <summary>How often metrics are exported; null leaves it to OTEL_METRIC_EXPORT_INTERVAL, then 15 s.</summary>
    public TimeSpan? Interval { get; init; }

    /// <summary>How long one export may take before it is abandoned.</summary>
    public TimeSpan? Timeout { get; init; }
}

/// <summary>The two OTLP transports the exporter speaks.</summary>
public enum OtlpWireProtocol
{
    Grpc,
    HttpProtobuf,
}
