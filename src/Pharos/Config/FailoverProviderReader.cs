using Pharos.Failover;
using YamlDotNet.RepresentationModel;

namespace Pharos.Config;

/// <summary>Reads a failover policy's `provider`, refusing one whose server or credentials are missing.</summary>
internal static class FailoverProviderReader
{
    public static ProviderConfig? Read(YamlReader r, YamlNode? node, string where)
    {
        var map = r.AsMapping(node, where);
        if (map is null)
        {
            r.Error(node, $"{where} is required (type: builtin, rfc2136 or cloudflare)");
            return null;
        }

        r.RejectUnknownKeys(map, where, "type", "server", "tsig_key_file", "tsig_key_env", "zone_file", "zone_id", "api_base", "api_token_env", "api_token_file");
        var type = r.String(map, "type", where, required: true);
        var provider = new ProviderConfig
        {
            Type = type ?? "",
            Server = YamlReader.Get(map, "server") is { } s ? FailoverConfigReader.Endpoint(r, s, $"{where}.server", 53) : null,
            TsigKeyFile = r.String(map, "tsig_key_file", where),
            TsigKeyEnv = r.String(map, "tsig_key_env", where),
            ZoneFile = r.String(map, "zone_file", where),
            ZoneId = r.String(map, "zone_id", where),
            ApiTokenEnv = r.String(map, "api_token_env", where),
            ApiTokenFile = r.String(map, "api_token_file", where),
            ApiBase = r.String(map, "api_base", where) is { } b && Uri.TryCreate(b, UriKind.Absolute, out var u) ? u : null,
        };
        switch (type)
        {
            case "builtin":
                break;
            case "rfc2136":
                if (provider.Server is null)
                {
                    r.Error(map, $"{where}: rfc2136 needs 'server', the primary that accepts updates");
                }

                if (!SecretPresent(provider.TsigKeyFile, provider.TsigKeyEnv))
                {
                    r.Error(map, $"{where}: rfc2136 needs a TSIG key: 'tsig_key_file' naming a readable BIND key file or 'tsig_key_env' naming a set environment variable");
                }

                break;
            case "cloudflare":
                if (string.IsNullOrEmpty(provider.ZoneId))
                {
                    r.Error(map, $"{where}: cloudflare needs 'zone_id'");
                }

                if (!SecretPresent(provider.ApiTokenFile, provider.ApiTokenEnv))
                {
                    r.Error(map, $"{where}: cloudflare needs an API token: 'api_token_file' naming a readable file or 'api_token_env' naming a set environment variable");
                }

                break;
            case null:
                break;
            default:
                r.Error(YamlReader.Get(map, "type"), $"{where}: unknown provider type '{type}' (expected builtin, rfc2136 or cloudflare)");
                break;
        }

        return type is null ? null : provider;
    }

    /// <summary>Secrets come from files or the environment, never from the config itself; both must be there at load.</summary>
    private static bool SecretPresent(string? file, string? env) =>
        (file is not null && File.Exists(file)) || (env is not null && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(env)));
}
