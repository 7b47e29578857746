using Pharos.Config;
using Pharos.Storage;

namespace Pharos.Tests.Support;

/// <summary>A fresh, migrated database of either dialect, for the store tests that run on both.</summary>
public static class TestDatabases
{
    /// <summary>SQLite in <paramref name="dir"/>, or a new database on the shared test PostgreSQL.</summary>
    public static async Task<Database> CreateAsync(SqlDialect dialect, TempDir dir)
    {
        if (dialect == SqlDialect.Sqlite)
        {
            var sqlite = new SqliteDatabase(dir.File("pharos.db"));
            await sqlite.MigrateAsync(CancellationToken.None);
            return sqlite;
        }

        var server = await PostgresServer.GetAsync();
        return new PostgresDatabase(await server.CreateDatabaseAsync());
    }

    /// <summary>
    /// The storage section for an app on PostgreSQL. The connection string is kept in the data folder, so an app
    /// restarted on the same folder finds the same database.
    /// </summary>
    public static async Task<StorageConfig> PostgresStorageAsync(string dataDirectory)
    {
        var file = Path.Combine(dataDirectory, "postgres-connection.txt");
        if (!File.Exists(file))
        {
            var server = await PostgresServer.GetAsync();
            await File.WriteAllTextAsync(file, await server.CreateDatabaseAsync(poolSize: 20));
        }

        return new StorageConfig { Provider = SqlDialect.Postgres, ConnectionString = new FileSecret(file) };
    }

    /// <summary>A second handle on an app's database, as another process (a CLI, another node) would open it.</summary>
    public static async Task<Database> OpenAgainAsync(TestApp app) =>
        app.Services.GetRequiredService<Database>() is PostgresDatabase
            ? (await PostgresStorageAsync(app.DataDirectory)).Open(app.DataDirectory)
            : new SqliteDatabase(Path.Combine(app.DataDirectory, "pharos.db"));

    /// <summary>
    /// A `storage:` section for pharos.yaml naming a new database on the shared test PostgreSQL, its connection string
    /// in a file in <paramref name="folder"/>: append the same section to several nodes' configs to run them on one database.
    /// </summary>
    public static async Task<string> PostgresYamlAsync(string folder)
    {
        var storage = (FileSecret)(await PostgresStorageAsync(folder)).ConnectionString!;
        return $"\nstorage:\n  provider: postgres\n  connection_string_file: {storage.Path}\n";
    }
}
