using Pharos.Config;

namespace Pharos.Storage;

/// <summary>The `storage:` section of pharos.yaml: which engine holds the data, and how to reach it.</summary>
public sealed record StorageConfig
{
    public SqlDialect Provider { get; init; } = SqlDialect.Sqlite;

    /// <summary>PostgreSQL's connection string: a secret (it may hold the password), so only from a file or the environment.</summary>
    public SecretSource? ConnectionString { get; init; }

    /// <summary>The most connections one node opens (Npgsql's Max Pool Size); null keeps the connection string's or Npgsql's 100.</summary>
    public int? PoolSize { get; init; }

    /// <summary>Opens the configured database: SQLite at pharos.db in the data folder unless PostgreSQL is chosen.</summary>
    public Database Open(string dataDirectory) => Provider switch
    {
        SqlDialect.Postgres => new PostgresDatabase(ConnectionString!.Read(), PoolSize),
        _ => new SqliteDatabase(System.IO.Path.Combine(dataDirectory, "pharos.db")),
    };
}
