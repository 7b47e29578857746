using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Pharos.Dns;
using Pharos.Monitoring.Checks;
using YamlDotNet.RepresentationModel;

namespace Pharos.Config;

/// <summary>The fields of each check type, read and validated; an invalid URL, regex or JSON path is an error at its line.</summary>
internal static class CheckTypeReaders
{
    public static string[] KeysOf(CheckType type) => type switch
    {
        CheckType.Http => ["url", "method", "headers", "body", "expect", "tls_expiry_warning", "follow_redirects", "verify_tls", "host_header", "sni", "resolve", "max_body_bytes"],
        CheckType.Tcp => ["host", "port", "send", "expect_banner"],
        CheckType.Dns => ["server", "query", "record_type", "expect_answers", "expect_rcode", "tcp"],
        CheckType.Icmp => ["host"],
        CheckType.Tls => ["host", "port", "sni", "tls_expiry_warning", "verify_tls"],
        CheckType.Heartbeat => ["token", "token_env", "period", "grace"],
        _ => [],
    };

    public static HttpCheckConfig? Http(YamlReader r, YamlMappingNode map, string where)
    {
        var urlText = r.String(map, "url", where, required: true);
        Uri? url = null;
        // {hostname} is filled in per hostname; validate with a placeholder name.
        var probe = urlText?.Replace("{hostname}", "hostname.invalid", StringComparison.Ordinal);
        if (probe is not null && (!Uri.TryCreate(probe, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https") || string.IsNullOrEmpty(parsed.Host)))
        {
            r.Error(YamlReader.Get(map, "url"), $"{where}: 'url' must be an absolute http:// or https:// URL, not '{urlText}'");
        }
        else if (urlText is not null)
        {
            url = new Uri(probe!, UriKind.Absolute);
        }

        var method = (r.String(map, "method", where) ?? "GET").ToUpperInvariant();
        if (method is not ("GET" or "HEAD" or "POST" or "PUT" or "PATCH" or "DELETE" or "OPTIONS"))
        {
            r.Error(YamlReader.Get(map, "method"), $"{where}: 'method' '{method}' is not an HTTP method Pharos sends");
        }

        var headers = StringMap(r, YamlReader.Get(map, "headers"), $"{where}: 'headers'");
        var expect = Expect(r, r.AsMapping(YamlReader.Get(map, "expect"), $"{where}: 'expect'"), where);
        IPAddress? resolve = null;
        var resolveText = r.String(map, "resolve", where);
        if (resolveText is not null && !IPAddress.TryParse(resolveText, out resolve))
        {
            r.Error(YamlReader.Get(map, "resolve"), $"{where}: 'resolve' must be an IP address, not '{resolveText}'");
        }

        if (url is null || expect is null)
        {
            return null;
        }

        return expect with
        {
            Url = url,
            UrlTemplate = urlText!.Contains("{hostname}", StringComparison.Ordinal) ? urlText : null,
            Method = method,
            Headers = headers,
            Body = r.String(map, "body", where),
            TlsExpiryWarning = r.Duration(map, "tls_expiry_warning", where, TimeSpan.Zero, TimeSpan.FromDays(365)),
            FollowRedirects = r.Bool(map, "follow_redirects", where) ?? false,
            VerifyTls = r.Bool(map, "verify_tls", where) ?? true,
            HostHeader = r.String(map, "host_header", where),
            Sni = r.String(map, "sni", where),
            Resolve = resolve,
            MaxBodyBytes = r.Int(map, "max_body_bytes", where, 0, 64 * 1024 * 1024) ?? 1024 * 1024,
        };
    }

    private static HttpCheckConfig? Expect(YamlReader r, YamlMappingNode? map, string where)
    {
        var placeholder = new Uri("http://placeholder.invalid/");
        if (map is null)
        {
            return new HttpCheckConfig { Url = placeholder };
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

        return new HttpCheckConfig
        {
            Url = placeholder,
            ExpectStatus = statuses,
            BodyContains = r.String(map, "body_contains", at),
            BodyNotContains = r.String(map, "body_not_contains", at),
            BodyRegex = regex,
            JsonPath = path,
            JsonEquals = equals,
        };
    }

    public static TcpCheckConfig? Tcp(YamlReader r, YamlMappingNode map, string where)
    {
        var host = r.String(map, "host", where, required: true);
        var port = r.Int(map, "port", where, 1, 65535);
        if (port is null && YamlReader.Get(map, "port") is null)
        {
            r.Error(map, $"{where}: 'port' is required");
        }

        return host is null || port is null ? null : new TcpCheckConfig
        {
            Host = host,
            Port = port.Value,
            Send = r.String(map, "send", where),
            ExpectBanner = r.String(map, "expect_banner", where),
        };
    }

    public static DnsCheckConfig? Dns(YamlReader r, YamlMappingNode map, string where)
    {
        var serverText = r.String(map, "server", where, required: true);
        var server = serverText is null ? null : ChecksConfigReader.ParseEndpoint(serverText, 53);
        if (serverText is not null && server is null)
        {
            r.Error(YamlReader.Get(map, "server"), $"{where}: 'server' must be an IP address with an optional port, such as 192.0.2.53:53");
        }

        var name = r.String(map, "query", where, required: true);
        if (name is not null && !name.Contains("{hostname}", StringComparison.Ordinal))
        {
            try
            {
                DnsName.Parse(name);
            }
            catch (FormatException e)
            {
                r.Error(YamlReader.Get(map, "query"), $"{where}: 'query' is not a domain name: {e.Message}");
            }
        }

        var type = r.String(map, "record_type", where) ?? "A";
        if (!DnsRecord.TryParseType(type, out _))
        {
            r.Error(YamlReader.Get(map, "record_type"), $"{where}: 'record_type' '{type}' is not a DNS record type");
        }

        var rcode = (r.String(map, "expect_rcode", where) ?? "NOERROR").ToUpperInvariant();
        if (!Enum.GetNames<DnsRcode>().Any(n => n.Equals(rcode, StringComparison.OrdinalIgnoreCase)))
        {
            r.Error(YamlReader.Get(map, "expect_rcode"), $"{where}: 'expect_rcode' '{rcode}' is not a DNS response code such as NOERROR or NXDOMAIN");
        }

        var answers = r.Sequence(YamlReader.Get(map, "expect_answers"), $"{where}: 'expect_answers'")
            .Select(n => (n as YamlScalarNode)?.Value ?? "").ToList();
        return server is null || name is null ? null : new DnsCheckConfig
        {
            Server = server,
            Name = name,
            RecordType = type.ToUpperInvariant(),
            Expect = answers,
            ExpectRcode = rcode,
            UseTcp = r.Bool(map, "tcp", where) ?? false,
        };
    }

    public static IcmpCheckConfig? Icmp(YamlReader r, YamlMappingNode map, string where) =>
        r.String(map, "host", where, required: true) is { } host ? new IcmpCheckConfig { Host = host } : null;

    public static TlsCheckConfig? Tls(YamlReader r, YamlMappingNode map, string where)
    {
        var host = r.String(map, "host", where, required: true);
        var port = r.Int(map, "port", where, 1, 65535) ?? 443;
        return host is null ? null : new TlsCheckConfig
        {
            Host = host,
            Port = port,
            Sni = r.String(map, "sni", where),
            ExpiryWarning = r.Duration(map, "tls_expiry_warning", where, TimeSpan.Zero, TimeSpan.FromDays(365)) ?? TimeSpan.FromDays(14),
            VerifyTls = r.Bool(map, "verify_tls", where) ?? true,
        };
    }

    public static HeartbeatCheckConfig? Heartbeat(YamlReader r, YamlMappingNode map, string where)
    {
        var token = r.String(map, "token", where);
        var env = r.String(map, "token_env", where);
        if (env is not null)
        {
            token = Environment.GetEnvironmentVariable(env);
            if (string.IsNullOrEmpty(token))
            {
                r.Error(YamlReader.Get(map, "token_env"), $"{where}: environment variable {env} (named by 'token_env') is not set");
                return null;
            }
        }

        if (token is null)
        {
            r.Error(map, $"{where}: a heartbeat needs 'token' or 'token_env' (the secret in its URL)");
            return null;
        }

        if (token.Length < 16 || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            r.Error(YamlReader.Get(map, env is null ? "token" : "token_env"), $"{where}: the heartbeat token must be at least 16 letters, digits, '-' or '_'");
            return null;
        }

        var period = r.Duration(map, "period", where, TimeSpan.FromSeconds(1), TimeSpan.FromDays(31));
        if (period is null)
        {
            if (YamlReader.Get(map, "period") is null)
            {
                r.Error(map, $"{where}: a heartbeat needs 'period' (how often the job calls)");
            }

            return null;
        }

        return new HeartbeatCheckConfig
        {
            Token = token,
            Period = period.Value,
            Grace = r.Duration(map, "grace", where, TimeSpan.Zero, TimeSpan.FromDays(7)) ?? TimeSpan.FromMinutes(1),
        };
    }

    private static Dictionary<string, string> StringMap(YamlReader r, YamlNode? node, string what)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var map = r.AsMapping(node, what);
        if (map is null)
        {
            return result;
        }

        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalarNode { Value: { Length: > 0 } key } && v is YamlScalarNode { Value: { } value })
            {
                result[key] = value;
            }
            else
            {
                r.Error(k, $"{what} must map header names to text values");
            }
        }

        return result;
    }
}
