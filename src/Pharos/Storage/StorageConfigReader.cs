using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Storage;

/// <summary>Reads the `storage:` section; without one, data stays in SQLite in the data folder.</summary>
internal static class StorageConfigReader
{
    public const string Key = "storage";

    public static StorageConfig Read(YamlReader r, YamlMappingNode root)
    {
        var map = r.AsMapping(YamlReader.Get(root, Key), Key);
        if (map is null)
        {
            return new StorageConfig();
        }

        r.RejectUnknownKeys(map, Key, "provider", "connection_string_env", "connection_string_file", "pool_size");
        var provider = r.String(map, "provider", Key) ?? "sqlite";
        var poolSize = r.Int(map, "pool_size", Key, 1, 1000);
        switch (provider)
        {
            case "sqlite":
                if ((YamlReader.Get(map, "connection_string_env") ?? YamlReader.Get(map, "connection_string_file")) is { } given)
                {
                    r.Error(given, $"{Key}: a connection string is for provider: postgres; SQLite keeps pharos.db in the data folder");
                }

                return new StorageConfig { Provider = SqlDialect.Sqlite, PoolSize = poolSize };
            case "postgres":
                var secret = r.Secret(map, Key, "connection_string_file", "connection_string_env",
                    "provider: postgres needs 'connection_string_env' or 'connection_string_file' naming a connection string that is set");
                if (secret is not null)
                {
                    Validate(r, map, secret);
                }

                return new StorageConfig { Provider = SqlDialect.Postgres, ConnectionString = secret, PoolSize = poolSize };
            default:
                r.Error(YamlReader.Get(map, "provider"), $"{Key}: 'provider' must be sqlite or postgres, not '{provider}'");
                return new StorageConfig();
        }
    }

    /// <summary>A malformed connection string is a config error now, not a failure at the first query; its text is never shown.</summary>
    private static void Validate(YamlReader r, YamlMappingNode map, SecretSource secret)
    {
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(secret.Read());
        }
        catch (ArgumentException e)
        {
            r.Error(YamlReader.Get(map, "connection_string_env") ?? YamlReader.Get(map, "connection_string_file"),
                $"{Key}: the connection string in {secret} is not valid ({Redact(e.Message)})");
        }
    }

    /// <summary>Npgsql names only the keyword at fault, but a message must never carry a value that could be the password.</summary>
    private static string Redact(string message) => message.Contains('=', StringComparison.Ordinal) ? "a keyword or value it does not know" : message;
}
