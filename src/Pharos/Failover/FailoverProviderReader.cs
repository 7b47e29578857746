using Pharos.Config;
using Pharos.Failover.Providers;
using YamlDotNet.RepresentationModel;

namespace Pharos.Failover;

/// <summary>
/// Reads a failover policy's `provider` into the subtype its `type` names, refusing one whose server or credentials
/// are missing: a policy that loads can always build its provider.
/// </summary>
internal static class FailoverProviderReader
{
    private static readonly string[] Types = ["builtin", "rfc2136", "cloudflare"];

    public static ProviderConfig? Read(YamlReader r, YamlNode? node, string where)
    {
        var map = r.AsMapping(node, where);
        if (map is null)
        {
            r.Error(node, $"{where} is required (type: {string.Join(", ", Types)})");
            return null;
        }

        var type = r.String(map, "type", where, required: true);
        switch (type)
        {
            case "builtin":
                r.RejectUnknownKeys(map, where, "type", "zone_file");
                return new BuiltinProviderConfig { ZoneFile = r.String(map, "zone_file", where) };
            case "rfc2136":
                return Rfc2136(r, map, where);
            case "cloudflare":
                return Cloudflare(r, map, where);
            case null:
                return null;
            default:
                r.Error(YamlReader.Get(map, "type"), $"{where}: unknown provider type '{type}' (expected {string.Join(", ", Types)})");
                return null;
        }
    }

    private static Rfc2136ProviderConfig? Rfc2136(YamlReader r, YamlMappingNode map, string where)
    {
        r.RejectUnknownKeys(map, where, "type", "server", "tsig_key_file", "tsig_key_env");
        var server = YamlReader.Get(map, "server") is { } s ? FailoverConfigReader.Endpoint(r, s, $"{where}.server", 53) : null;
        if (YamlReader.Get(map, "server") is null)
        {
            r.Error(map, $"{where}: rfc2136 needs 'server', the primary that accepts updates");
        }

        var key = r.Secret(map, where, "tsig_key_file", "tsig_key_env",
            "rfc2136 needs a TSIG key: 'tsig_key_file' naming a readable BIND key file or 'tsig_key_env' naming a set environment variable");
        return server is null || key is null ? null : new Rfc2136ProviderConfig { Server = server, TsigKey = key };
    }

    private static CloudflareProviderConfig? Cloudflare(YamlReader r, YamlMappingNode map, string where)
    {
        r.RejectUnknownKeys(map, where, "type", "zone_id", "api_base", "api_token_env", "api_token_file");
        var zoneId = r.String(map, "zone_id", where);
        if (string.IsNullOrEmpty(zoneId))
        {
            r.Error(map, $"{where}: cloudflare needs 'zone_id'");
        }

        var apiBase = CloudflareProviderConfig.DefaultApiBase;
        if (r.String(map, "api_base", where) is { } text)
        {
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                apiBase = uri;
            }
            else
            {
                r.Error(YamlReader.Get(map, "api_base"), $"{where}: 'api_base' must be an absolute http(s) URL, not '{text}'");
            }
        }

        var token = r.Secret(map, where, "api_token_file", "api_token_env",
            "cloudflare needs an API token: 'api_token_file' naming a readable file or 'api_token_env' naming a set environment variable");
        return string.IsNullOrEmpty(zoneId) || token is null ? null : new CloudflareProviderConfig { ZoneId = zoneId, ApiToken = token, ApiBase = apiBase };
    }
}
