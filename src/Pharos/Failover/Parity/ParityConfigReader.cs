using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Pharos.Config;
using Pharos.Dns;
using YamlDotNet.RepresentationModel;

namespace Pharos.Failover.Parity;

/// <summary>Reads a policy's `parity` section; every mistake is reported with its line, as the rest of the file is.</summary>
internal static class ParityConfigReader
{
    /// <summary>A regex that takes longer than this on one body is cut off rather than stall the run.</summary>
    internal static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    private static readonly string[] RequestKeys = ["path", "status", "headers", "json", "body"];

    public static ParityConfig? Read(YamlReader r, YamlNode? node, string where, IReadOnlyList<DnsName> names)
    {
        if (node is null)
        {
            return null;
        }

        var map = r.AsMapping(node, where);
        if (map is null)
        {
            return null;
        }

        r.RejectUnknownKeys(map, where, "primary", "standby", "host", "interval", "timeout", "latency_ratio", "requests", "locales", "tls");
        var errorsBefore = r.ErrorCount;
        var primary = BaseUrl(r, map, "primary", where);
        var standby = BaseUrl(r, map, "standby", where);
        if (primary is not null && standby is not null && primary.Scheme != standby.Scheme)
        {
            r.Error(YamlReader.Get(map, "standby"), $"{where}: primary and standby must both be https or both http, or their certificates cannot be compared");
        }

        // The site's own names, as a certificate would list them; a wildcard record has no one name to ask for.
        var served = names.Select(n => n.ToString().TrimEnd('.')).Where(n => !n.StartsWith("*.", StringComparison.Ordinal)).ToList();
        var host = r.String(map, "host", where) ?? served.FirstOrDefault();
        if (host is null)
        {
            r.Error(map, $"{where}: 'host' is required when the policy names only wildcard records (the name to send as Host and SNI)");
        }

        var requests = new List<ParityRequest>();
        var index = 0;
        foreach (var item in r.Sequence(YamlReader.Get(map, "requests"), $"{where}.requests"))
        {
            index++;
            if (Request(r, item, $"{where}.requests[{index}]", locale: false, path: null) is { } request)
            {
                requests.Add(request);
            }
        }

        requests.AddRange(Locales(r, YamlReader.Get(map, "locales"), $"{where}.locales"));
        var scheme = (primary ?? standby)?.Scheme;
        var tls = scheme == Uri.UriSchemeHttps ? Tls(r, YamlReader.Get(map, "tls"), $"{where}.tls", served) : null;
        if (scheme == Uri.UriSchemeHttp && YamlReader.Get(map, "tls") is { } plain)
        {
            r.Error(plain, $"{where}.tls: the environments are plain http; there is no certificate to compare");
        }

        if (requests.Count == 0 && tls is null)
        {
            r.Error(map, $"{where}: give at least one of 'requests' or 'locales' (or https environments, whose certificates are compared)");
        }

        var ratio = LatencyRatio(r, map, where);
        var interval = r.Duration(map, "interval", where, TimeSpan.FromSeconds(10), TimeSpan.FromDays(1)) ?? ParityConfig.DefaultInterval;
        var timeout = r.Duration(map, "timeout", where, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(2)) ?? TimeSpan.FromSeconds(10);
        if (r.ErrorCount > errorsBefore || primary is null || standby is null || host is null)
        {
            return null;
        }

        return new ParityConfig
        {
            Primary = primary, Standby = standby, Host = host, Interval = interval, Timeout = timeout,
            LatencyRatio = ratio, Requests = requests, Tls = tls,
        };
    }

    private static Uri? BaseUrl(YamlReader r, YamlMappingNode map, string key, string where)
    {
        var text = r.String(map, key, where, required: true);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/")
        {
            r.Error(YamlReader.Get(map, key), $"{where}.{key}: '{text}' must be a base URL such as https://10.0.0.5:443 (scheme, address, port; no path)");
            return null;
        }

        return uri;
    }

    private static double? LatencyRatio(YamlReader r, YamlMappingNode map, string where)
    {
        var text = r.String(map, "latency_ratio", where);
        if (text is null)
        {
            return 3;
        }

        if (text == "off")
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) || ratio < 1 || ratio > 1000)
        {
            r.Error(YamlReader.Get(map, "latency_ratio"), $"{where}: 'latency_ratio' must be a number from 1 to 1000 (the standby may be that many times slower), or off");
            return null;
        }

        return ratio;
    }

    /// <summary>`locales: [/de/, /fr/]`, or a mapping with `paths` and the keys of a request, applied to each path.</summary>
    private static IEnumerable<ParityRequest> Locales(YamlReader r, YamlNode? node, string where)
    {
        if (node is YamlMappingNode map)
        {
            r.RejectUnknownKeys(map, where, [.. RequestKeys.Skip(1), "paths"]);
            var paths = YamlReader.Get(map, "paths");
            var list = r.Sequence(paths, $"{where}.paths").ToList();
            if (list.Count == 0)
            {
                r.Error(paths ?? map, $"{where}: 'paths' must list at least one locale page, such as /de/");
            }

            return list.Select(p => Request(r, map, where, locale: true, path: p)).OfType<ParityRequest>().ToList();
        }

        return r.Sequence(node, where).Select(p => Request(r, p, where, locale: true, path: null)).OfType<ParityRequest>().ToList();
    }

    /// <summary>A request: a bare path (status only) or a mapping; <paramref name="path"/> given for a locale's shared options.</summary>
    private static ParityRequest? Request(YamlReader r, YamlNode item, string where, bool locale, YamlNode? path)
    {
        if (item is YamlScalarNode && path is null)
        {
            return Path(r, item, where) is { } bare ? new ParityRequest { Path = bare, Locale = locale } : null;
        }

        if (r.AsMapping(item, where) is not { } map)
        {
            return null;
        }

        if (path is null)
        {
            r.RejectUnknownKeys(map, where, RequestKeys);
        }

        var pathNode = path ?? YamlReader.Get(map, "path");
        if (pathNode is null)
        {
            r.Error(map, $"{where}: 'path' is required");
            return null;
        }

        var text = Path(r, pathNode, where);
        var json = r.Strings(map, "json", where);
        foreach (var field in json.Where(f => f.Split('.').Any(string.IsNullOrWhiteSpace)))
        {
            r.Error(YamlReader.Get(map, "json"), $"{where}.json: '{field}' is not a dotted path such as version or flags.checkout");
        }

        var request = new ParityRequest
        {
            Path = text ?? "/",
            Locale = locale,
            Status = r.Bool(map, "status", where) ?? true,
            Headers = r.Strings(map, "headers", where),
            Json = json,
            Body = Body(r, YamlReader.Get(map, "body"), $"{where}.body"),
        };
        return text is null ? null : request;
    }

    private static string? Path(YamlReader r, YamlNode node, string where)
    {
        var text = (node as YamlScalarNode)?.Value;
        if (text is null || !text.StartsWith('/') || text.StartsWith("//", StringComparison.Ordinal))
        {
            r.Error(node, $"{where}: '{text}' must be a path starting with '/', such as /de/ or /api/version");
            return null;
        }

        return text;
    }

    private static BodyNormalization? Body(YamlReader r, YamlNode? node, string where)
    {
        switch (node)
        {
            case null:
                return null;
            case YamlScalarNode { Value: "true" }:
                return new BodyNormalization();
            case YamlScalarNode { Value: "false" }:
                return null;
            case YamlMappingNode map:
                r.RejectUnknownKeys(map, where, "ignore", "whitespace");
                var ignore = new List<Regex>();
                foreach (var p in r.Sequence(YamlReader.Get(map, "ignore"), $"{where}.ignore"))
                {
                    try
                    {
                        ignore.Add(new Regex((p as YamlScalarNode)?.Value ?? "", RegexOptions.CultureInvariant, RegexTimeout));
                    }
                    catch (ArgumentException e)
                    {
                        r.Error(p, $"{where}.ignore: '{(p as YamlScalarNode)?.Value}' is not a valid regular expression: {e.Message}");
                    }
                }

                var whitespace = r.String(map, "whitespace", where) ?? "collapse";
                if (whitespace is not ("collapse" or "keep"))
                {
                    r.Error(YamlReader.Get(map, "whitespace"), $"{where}: 'whitespace' must be collapse or keep");
                }

                return new BodyNormalization { Ignore = ignore, CollapseWhitespace = whitespace != "keep" };
            default:
                r.Error(node, $"{where}: 'body' must be true, false, or a mapping with 'ignore' (regular expressions) and 'whitespace'");
                return null;
        }
    }

    private static ParityTlsConfig? Tls(YamlReader r, YamlNode? node, string where, List<string> served)
    {
        if (node is YamlScalarNode { Value: "off" })
        {
            return null;
        }

        var map = node is null ? null : r.AsMapping(node, where);
        if (map is null)
        {
            return node is null && served.Count > 0 ? new ParityTlsConfig { Names = served } : null;
        }

        r.RejectUnknownKeys(map, where, "names", "expiry_warning", "ca_file");
        var names = YamlReader.Get(map, "names") is null ? served : r.Strings(map, "names", where);
        if (names.Count == 0)
        {
            r.Error(map, $"{where}: 'names' must list the names the site serves (the policy names only wildcards)");
        }

        var caFile = r.String(map, "ca_file", where) is { } ca ? System.IO.Path.GetFullPath(ca, System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(r.File)) ?? ".") : null;
        if (caFile is not null)
        {
            try
            {
                var roots = new X509Certificate2Collection();
                roots.ImportFromPemFile(caFile);
                if (roots.Count == 0)
                {
                    r.Error(YamlReader.Get(map, "ca_file"), $"{where}.ca_file: {caFile} holds no PEM certificate");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                r.Error(YamlReader.Get(map, "ca_file"), $"{where}.ca_file: cannot read {caFile}: {e.Message}");
            }
        }

        return new ParityTlsConfig
        {
            Names = names,
            ExpiryWarning = r.Duration(map, "expiry_warning", where, TimeSpan.Zero, TimeSpan.FromDays(365)) ?? TimeSpan.FromDays(14),
            CaFile = caFile,
        };
    }
}
