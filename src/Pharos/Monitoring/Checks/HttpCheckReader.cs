using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Monitoring.Checks;

/// <summary>Reads an http check's fields; an invalid URL, method, regex or JSON path is an error at its line.</summary>
internal static class HttpCheckReader
{
    public static readonly string[] Keys =
        ["url", "method", "headers", "body", "expect", "tls_expiry_warning", "follow_redirects", "verify_tls", "host_header", "sni", "resolve", "max_body_bytes"];

    public static HttpCheckConfig? Read(YamlReader r, YamlMappingNode map, string where, string id)
    {
        var urlText = r.String(map, "url", where, required: true);
        Uri? url = null;
        // {hostname} is filled in per hostname; validate with a placeholder name.
        var probe = urlText?.Replace("{hostname}", "hostname.invalid", StringComparison.Ordinal);
        if (probe is not null && (!Uri.TryCreate(probe, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https") || string.IsNullOrEmpty(url.Host)))
        {
            r.Error(YamlReader.Get(map, "url"), $"{where}: 'url' must be an absolute http:// or https:// URL, not '{urlText}'");
            url = null;
        }

        var method = (r.String(map, "method", where) ?? "GET").ToUpperInvariant();
        if (method is not ("GET" or "HEAD" or "POST" or "PUT" or "PATCH" or "DELETE" or "OPTIONS"))
        {
            r.Error(YamlReader.Get(map, "method"), $"{where}: 'method' '{method}' is not an HTTP method Pharos sends");
        }

        var headers = ChecksReader.StringMap(r, YamlReader.Get(map, "headers"), $"{where}: 'headers'");
        var expect = ReadExpect(r, r.AsMapping(YamlReader.Get(map, "expect"), $"{where}: 'expect'"), where);
        IPAddress? resolve = null;
        var resolveText = r.String(map, "resolve", where);
        if (resolveText is not null && !IPAddress.TryParse(resolveText, out resolve))
        {
            r.Error(YamlReader.Get(map, "resolve"), $"{where}: 'resolve' must be an IP address, not '{resolveText}'");
        }

        if (url is null)
        {
            return null;
        }

        return new HttpCheckConfig
        {
            Id = id,
            Url = url,
            UrlTemplate = urlText is not null && urlText.Contains("{hostname}", StringComparison.Ordinal) ? urlText : null,
            Method = method,
            Headers = headers,
            Body = r.String(map, "body", where),
            ExpectStatus = expect.Status,
            BodyContains = expect.BodyContains,
            BodyNotContains = expect.BodyNotContains,
            BodyRegex = expect.BodyRegex,
            JsonPath = expect.JsonPath,
            JsonEquals = expect.JsonEquals,
            TlsExpiryWarning = r.Duration(map, "tls_expiry_warning", where, TimeSpan.Zero, TimeSpan.FromDays(365)),
            FollowRedirects = r.Bool(map, "follow_redirects", where) ?? false,
            VerifyTls = r.Bool(map, "verify_tls", where) ?? true,
            HostHeader = r.String(map, "host_header", where),
            Sni = r.String(map, "sni", where),
            Resolve = resolve,
            MaxBodyBytes = r.Int(map, "max_body_bytes", where, 0, 64 * 1024 * 1024) ?? 1024 * 1024,
        };
    }

    /// <summary>What the answer must look like (the `expect:` mapping); all optional.</summary>
    private sealed record Expectations(
        IReadOnlyList<int> Status, string? BodyContains, string? BodyNotContains, Regex? BodyRegex, JsonPath? JsonPath, string? JsonEquals);

    private static Expectations ReadExpect(YamlReader r, YamlMappingNode? map, string where)
    {
        if (map is null)
        {
            return new Expectations([], null, null, null, null, null);
        }

        var at = $"{where}.expect";
        r.RejectUnknownKeys(map, at, "status", "body_contains", "body_not_contains", "body_regex", "json_path", "json_equals");
        var statuses = new List<int>();
        foreach (var node in r.Sequence(YamlReader.Get(map, "status"), $"{at}: 'status'"))
        {
            if (node is YamlScalarNode s && int.TryParse(s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 100 and <= 599)
            {
                statuses.Add(code);
            }
            else
            {
                r.Error(node, $"{at}: status codes must be numbers from 100 to 599");
            }
        }

        Regex? regex = null;
        var pattern = r.String(map, "body_regex", at);
        if (pattern is not null)
        {
            try
            {
                regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                r.Error(YamlReader.Get(map, "body_regex"), $"{at}: 'body_regex' is not a valid regular expression: {e.Message}");
            }
        }

        JsonPath? path = null;
        var pathText = r.String(map, "json_path", at);
        if (pathText is not null && !JsonPath.TryParse(pathText, out path, out var error))
        {
            r.Error(YamlReader.Get(map, "json_path"), $"{at}: 'json_path' '{pathText}' is not a JSON path: {error}");
        }

        var equals = r.String(map, "json_equals", at);
        if (equals is not null && pathText is null)
        {
            r.Error(YamlReader.Get(map, "json_equals"), $"{at}: 'json_equals' needs a 'json_path'");
        }

        var contains = r.String(map, "body_contains", at);
        var notContains = r.String(map, "body_not_contains", at);
        return new Expectations(statuses, contains, notContains, regex, path, equals);
    }
}
