using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.FailoverSite;

/// <summary>Reads the `failover_site` section.</summary>
internal static class FailoverSiteConfigReader
{
    public static FailoverSiteConfig Read(YamlReader r, YamlMappingNode root, string configDir, IReadOnlyCollection<string>? policies = null)
    {
        var map = r.AsMapping(YamlReader.Get(root, "failover_site"), "failover_site");
        if (map is null)
        {
            return new FailoverSiteConfig();
        }

        const string where = "failover_site";
        r.RejectUnknownKeys(map, where, "https", "http", "hostnames", "hostnames_file", "certificates", "certificates_dir", "expiry_warning", "status_url", "admin_hostnames", "admin_paths",
            "api_paths", "includes", "retry_after", "snapshot_file", "texts", "default_language", "logo", "proxy");
        var https = r.Endpoints(YamlReader.Get(map, "https"), $"{where}.https", "0.0.0.0:443");
        var http = r.Endpoints(YamlReader.Get(map, "http"), $"{where}.http", "0.0.0.0:80");
        if (https.Count == 0 && http.Count == 0)
        {
            r.Error(map, $"{where}: give at least one 'https' or 'http' endpoint, such as 0.0.0.0:443");
        }

        var certificates = new List<CertificateFiles>();
        var index = 0;
        foreach (var item in r.Sequence(YamlReader.Get(map, "certificates"), $"{where}.certificates"))
        {
            index++;
            var at = $"{where}.certificates[{index}]";
            if (r.AsMapping(item, at) is not { } c)
            {
                continue;
            }

            r.RejectUnknownKeys(c, at, "cert", "key");
            var cert = r.String(c, "cert", at, required: true);
            var key = r.String(c, "key", at, required: true);
            if (cert is not null && key is not null)
            {
                certificates.Add(new CertificateFiles(Path.Combine(configDir, cert), Path.Combine(configDir, key)));
            }
        }

        var directories = new List<string>();
        foreach (var dir in r.Strings(map, "certificates_dir", where).Select(d => Path.GetFullPath(Path.Combine(configDir, d))))
        {
            if (!Directory.Exists(dir))
            {
                r.Error(YamlReader.Get(map, "certificates_dir"), $"{where}: certificates_dir '{dir}' does not exist");
            }

            directories.Add(dir);
        }

        var hostnames = Strings(r, YamlReader.Get(map, "hostnames"), $"{where}.hostnames");
        var (hostnamesFile, fileHostnames) = ReadHostnamesFile(r, map, where, configDir, hostnames);

        var includes = new List<IncludeFile>();
        index = 0;
        foreach (var item in r.Sequence(YamlReader.Get(map, "includes"), $"{where}.includes"))
        {
            index++;
            var at = $"{where}.includes[{index}]";
            if (r.AsMapping(item, at) is not { } inc)
            {
                continue;
            }

            r.RejectUnknownKeys(inc, at, "path", "file");
            var path = r.String(inc, "path", at, required: true);
            var file = r.String(inc, "file", at, required: true);
            if (path is not null && !path.StartsWith('/'))
            {
                r.Error(YamlReader.Get(inc, "path"), $"{at}: 'path' must start with '/'");
            }
            else if (path is not null && file is not null)
            {
                var full = Path.Combine(configDir, file);
                if (!File.Exists(full))
                {
                    r.Error(YamlReader.Get(inc, "file"), $"{at}: file '{full}' does not exist");
                }

                includes.Add(new IncludeFile(path, full));
            }
        }

        var texts = new Dictionary<string, SiteTexts>(StringComparer.OrdinalIgnoreCase);
        if (r.AsMapping(YamlReader.Get(map, "texts"), $"{where}.texts") is { } textMap)
        {
            foreach (var (key, value) in textMap.Children)
            {
                var lang = (key as YamlScalarNode)?.Value ?? "";
                var at = $"{where}.texts.{lang}";
                if (r.AsMapping(value, at) is not { } t)
                {
                    continue;
                }

                r.RejectUnknownKeys(t, at, "title", "message", "status_link", "current_incident", "updated");
                var fallback = DefaultTexts.All.GetValueOrDefault(lang) ?? DefaultTexts.All["en"];
                texts[lang] = new SiteTexts
                {
                    Title = r.String(t, "title", at) ?? fallback.Title,
                    Message = r.String(t, "message", at) ?? fallback.Message,
                    StatusLink = r.String(t, "status_link", at) ?? fallback.StatusLink,
                    CurrentIncident = r.String(t, "current_incident", at) ?? fallback.CurrentIncident,
                    Updated = r.String(t, "updated", at) ?? fallback.Updated,
                };
            }
        }

        var statusUrl = r.String(map, "status_url", where);
        Uri? status = null;
        if (statusUrl is not null && (!Uri.TryCreate(statusUrl, UriKind.Absolute, out status) || status.Scheme is not ("http" or "https")))
        {
            r.Error(YamlReader.Get(map, "status_url"), $"{where}: 'status_url' must be an absolute http(s) URL");
        }

        var logo = r.String(map, "logo", where) is { } l ? Path.Combine(configDir, l) : null;
        if (logo is not null && !File.Exists(logo))
        {
            r.Error(YamlReader.Get(map, "logo"), $"{where}: logo file '{logo}' does not exist");
        }

        return new FailoverSiteConfig
        {
            Enabled = true,
            Https = https,
            Http = http,
            Hostnames = hostnames,
            HostnamesFile = hostnamesFile,
            FileHostnames = fileHostnames,
            Certificates = certificates,
            CertificateDirectories = directories,
            ExpiryWarning = r.Duration(map, "expiry_warning", where, TimeSpan.Zero, TimeSpan.FromDays(365)) ?? TimeSpan.FromDays(14),
            StatusUrl = status,
            AdminHostnames = Strings(r, YamlReader.Get(map, "admin_hostnames"), $"{where}.admin_hostnames"),
            AdminPaths = Strings(r, YamlReader.Get(map, "admin_paths"), $"{where}.admin_paths"),
            ApiPaths = Strings(r, YamlReader.Get(map, "api_paths"), $"{where}.api_paths"),
            Includes = includes,
            RetryAfterSeconds = r.Int(map, "retry_after", where, 1, 86400) ?? 300,
            SnapshotFile = r.String(map, "snapshot_file", where) is { } s ? Path.Combine(configDir, s) : null,
            Texts = texts,
            DefaultLanguage = r.String(map, "default_language", where) ?? "en",
            Logo = logo,
            Proxy = ProxyConfigReader.Read(r, map, where, policies ?? []),
        };
    }

    /// <summary>`hostnames_file`: its full path and its names, each bad line an error at that line of that file.</summary>
    private static (string? File, IReadOnlyList<string> Names) ReadHostnamesFile(YamlReader r, YamlMappingNode map, string where, string configDir, IReadOnlyList<string> inline)
    {
        if (r.String(map, "hostnames_file", where) is not { } name)
        {
            return (null, []);
        }

        var file = Path.GetFullPath(Path.Combine(configDir, name));
        try
        {
            var read = HostnamesFile.Read(file, wildcards: true, taken: inline);
            foreach (var error in read.Errors)
            {
                r.Error(error);
            }

            return (file, read.Names);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            r.Error(YamlReader.Get(map, "hostnames_file"), $"{where}: cannot read 'hostnames_file' {file}: {e.Message}");
            return (file, []);
        }
    }

    private static List<string> Strings(YamlReader r, YamlNode? node, string where) =>
        r.Sequence(node, where).Select(n => ((n as YamlScalarNode)?.Value ?? "").Trim().TrimEnd('.').ToLowerInvariant()).Where(s => s.Length > 0).ToList();
}
