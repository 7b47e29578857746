using System.Globalization;
using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Telemetry;

/// <summary>Reads the `telemetry:` section; every problem is reported with its line and field.</summary>
public static class TelemetryConfigReader
{
    public const string Key = "telemetry";

    internal static TelemetryConfig Read(YamlReader r, YamlMappingNode root)
    {
        var map = r.AsMapping(YamlReader.Get(root, Key), Key);
        if (map is null)
        {
            return new TelemetryConfig();
        }

        r.RejectUnknownKeys(map, Key, "service_name", "otlp", "traces");
        var otlp = ReadOtlp(r, r.AsMapping(YamlReader.Get(map, "otlp"), $"{Key}.otlp"));
        double? ratio = null;
        if (r.AsMapping(YamlReader.Get(map, "traces"), $"{Key}.traces") is { } traces)
        {
            r.RejectUnknownKeys(traces, $"{Key}.traces", "sample_ratio");
            ratio = Ratio(r, traces, "sample_ratio", $"{Key}.traces");
        }

        return new TelemetryConfig
        {
            ServiceName = r.String(map, "service_name", Key),
            Otlp = otlp,
            SampleRatio = ratio,
        };
    }

    private static OtlpConfig? ReadOtlp(YamlReader r, YamlMappingNode? map)
    {
        if (map is null)
        {
            return null;
        }

        const string where = $"{Key}.otlp";
        r.RejectUnknownKeys(map, where, "endpoint", "protocol", "headers_file", "headers_env", "interval", "timeout");
        Uri? endpoint = null;
        if (r.String(map, "endpoint", where) is { } text)
        {
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.UserInfo))
            {
                endpoint = uri;
            }
            else
            {
                r.Error(YamlReader.Get(map, "endpoint"), $"{where}: 'endpoint' must be an absolute http(s) URL without credentials (such as http://collector:4318), not '{text}'; give credentials as headers_file or headers_env");
            }
        }

        OtlpWireProtocol? protocol = r.String(map, "protocol", where) switch
        {
            null => null,
            "grpc" => OtlpWireProtocol.Grpc,
            "http/protobuf" => OtlpWireProtocol.HttpProtobuf,
            var other => Invalid(r, map, $"{where}: 'protocol' must be grpc or http/protobuf, not '{other}'"),
        };
        var hasHeaders = YamlReader.Get(map, "headers_file") is not null || YamlReader.Get(map, "headers_env") is not null;
        var headers = hasHeaders
            ? r.Secret(map, where, "headers_file", "headers_env", "the OTLP headers are missing: 'headers_file' must name a readable file, 'headers_env' a set environment variable")
            : null;
        return new OtlpConfig
        {
            Endpoint = endpoint,
            Protocol = protocol,
            Headers = headers,
            Interval = r.Duration(map, "interval", where, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
            Timeout = r.Duration(map, "timeout", where, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)),
        };
    }

    private static OtlpWireProtocol? Invalid(YamlReader r, YamlMappingNode map, string message)
    {
        r.Error(YamlReader.Get(map, "protocol"), message);
        return null;
    }

    private static double? Ratio(YamlReader r, YamlMappingNode map, string key, string where)
    {
        var text = r.String(map, key, where);
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v is >= 0 and <= 1)
        {
            return v;
        }

        r.Error(YamlReader.Get(map, key), $"{where}: '{key}' must be a number from 0 to 1 (the share of traces kept), not '{text}'");
        return null;
    }
}
