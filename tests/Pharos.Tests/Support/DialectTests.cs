using Pharos.Storage;

namespace Pharos.Tests.Support;

/// <summary>
/// A base for store tests that run once per dialect: a subclass per dialect gives the dialect, and each test gets a
/// fresh, migrated database of it (bitwarden's DatabaseDataAttribute, as a pair of classes).
/// </summary>
public abstract class DialectTests(SqlDialect dialect) : IAsyncLifetime
{
    protected SqlDialect Dialect { get; } = dialect;

    protected TempDir Dir { get; } = new();

    protected Database Db { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Db = await TestDatabases.CreateAsync(Dialect, Dir);
        await InitializedAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (Db is IAsyncDisposable pool)
        {
            await pool.DisposeAsync();
        }

        if (Db is SqliteDatabase)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }

        Dir.Dispose();
    }

    /// <summary>Runs after the database is ready, for a test class's own setup.</summary>
    protected virtual Task InitializedAsync() => Task.CompletedTask;
}
