using OpenTelemetry.Exporter;
using Pharos.Config;

namespace Pharos.Telemetry;

/// <summary>
/// What OpenTelemetry export will do, decided once at start from the `telemetry:` section and the standard OTEL_*
/// variables: pharos.yaml wins where it says something, the variables fill the rest, and with neither there is no plan.
/// </summary>
public sealed record TelemetryPlan
{
    /// <summary>Metrics go out every 15 s unless pharos.yaml or OTEL_METRIC_EXPORT_INTERVAL says otherwise.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(15);

    public required string ServiceName { get; init; }
    public required string InstanceId { get; init; }
    public required string HostName { get; init; }
    public required string Version { get; init; }

    /// <summary>Whether spans and metrics are exported; an OTEL_EXPORTER_OTLP_TRACES_ENDPOINT alone turns on traces only.</summary>
    public bool Traces { get; init; }
    public bool Metrics { get; init; }

    /// <summary>The base URL from pharos.yaml; null when the exporter reads OTEL_EXPORTER_OTLP_* itself.</summary>
    public Uri? Endpoint { get; init; }
    public OtlpWireProtocol? Protocol { get; init; }

    /// <summary>The headers' text, read from their file or variable at start (a rotated file is read at the next start).</summary>
    public string? Headers { get; init; }
    public TimeSpan? Interval { get; init; }
    public TimeSpan? Timeout { get; init; }
    public double? SampleRatio { get; init; }

    /// <summary>Where the endpoint came from, for the start-up log line: never the headers.</summary>
    public required string EndpointSource { get; init; }

    /// <summary>The plan, or null when nothing asks for export (then no OpenTelemetry service is registered at all).</summary>
    public static TelemetryPlan? Resolve(TelemetryConfig config, string nodeId, Func<string, string?> env)
    {
        if (string.Equals(env("OTEL_SDK_DISABLED"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var fromConfig = config.Otlp?.Endpoint;
        var anyEnv = Set(env, "OTEL_EXPORTER_OTLP_ENDPOINT");
        var traces = fromConfig is not null || anyEnv || Set(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        var metrics = fromConfig is not null || anyEnv || Set(env, "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT");
        if (!traces && !metrics)
        {
            return null;
        }

        var headers = config.Otlp?.Headers?.Read();
        if (headers is not null && !WellFormedHeaders(headers))
        {
            throw new PharosStartupException($"telemetry.otlp: the headers in {config.Otlp!.Headers} must read name=value,name2=value2 (as OTEL_EXPORTER_OTLP_HEADERS)");
        }

        return new TelemetryPlan
        {
            ServiceName = config.ServiceName ?? NonEmpty(env("OTEL_SERVICE_NAME")) ?? "pharos",
            InstanceId = nodeId,
            HostName = Environment.MachineName,
            Version = PharosTelemetry.Version,
            Traces = traces,
            Metrics = metrics,
            Endpoint = fromConfig,
            Protocol = config.Otlp?.Protocol,
            Headers = headers,
            Interval = config.Otlp?.Interval ?? (Set(env, "OTEL_METRIC_EXPORT_INTERVAL") ? null : DefaultInterval),
            Timeout = config.Otlp?.Timeout,
            SampleRatio = config.SampleRatio,
            EndpointSource = fromConfig is not null ? $"{fromConfig.GetLeftPart(UriPartial.Authority)} (pharos.yaml)" : "the OTEL_EXPORTER_OTLP_* environment variables",
        };
    }

    /// <summary>Applies what pharos.yaml said over what the exporter read from the environment.</summary>
    public void Apply(OtlpExporterOptions o, string signalPath)
    {
        var protocol = Protocol ?? (Endpoint is not null ? OtlpWireProtocol.HttpProtobuf : (OtlpWireProtocol?)null);
        if (protocol is { } p)
        {
            o.Protocol = p == OtlpWireProtocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        }

        if (Endpoint is not null)
        {
            // Set in code, the exporter takes the URL as it is; the signal's path is added as the variable would have it.
            o.Endpoint = o.Protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(Endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath) : Endpoint;
        }

        if (Headers is not null)
        {
            o.Headers = Headers;
        }

        if (Timeout is { } t)
        {
            o.TimeoutMilliseconds = (int)t.TotalMilliseconds;
        }
    }

    private static bool WellFormedHeaders(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries).All(pair => pair.IndexOf('=', StringComparison.Ordinal) > 0);

    private static bool Set(Func<string, string?> env, string name) => !string.IsNullOrWhiteSpace(env(name));

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
