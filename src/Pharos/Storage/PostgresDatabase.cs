using System.Data.Common;
using Npgsql;

namespace Pharos.Storage;

/// <summary>Opens pooled connections to one PostgreSQL database, shared by every node of a cluster.</summary>
public sealed class PostgresDatabase : Database, IAsyncDisposable
{
    /// <summary>The key of the transaction lock <see cref="BeginWriteAsync"/> takes; the migrator uses the next one.</summary>
    internal const long WriteLockKey = 0x5048_4152_4F53_0001; // "PHAROS" 1

    private readonly NpgsqlDataSource _source;

    public PostgresDatabase(string connectionString, int? poolSize = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (poolSize is { } size)
        {
            builder.MaxPoolSize = size;
        }

        Location = Describe(builder);
        ConnectionString = builder.ConnectionString;
        _source = NpgsqlDataSource.Create(builder);
    }

    public override SqlDialect Dialect => SqlDialect.Postgres;

    public override string Location { get; }

    /// <summary>The full connection string (password included), for the few connections kept outside the pool (the leader's advisory lock).</summary>
    internal string ConnectionString { get; }

    /// <summary>The database name, for tools (tests, backups) that work on the same database.</summary>
    public string? DatabaseName => new NpgsqlConnectionStringBuilder(_source.ConnectionString).Database;

    public override async Task<DbConnection> OpenAsync(CancellationToken ct) =>
        await _source.OpenConnectionAsync(ct).ConfigureAwait(false);

    public override DbConnection Open() => _source.OpenConnection();

    public override Task MigrateAsync(CancellationToken ct) => PostgresMigrator.MigrateAsync(this, ct);

    /// <summary>
    /// READ COMMITTED with a transaction-scoped advisory lock: such transactions run one at a time across every node,
    /// as SQLite's BEGIN IMMEDIATE does, so a decision on what was read (the last admin, the first event of a kind)
    /// still holds at commit. Transactions that only add rows or change one row by key need not use it.
    /// </summary>
    public override async Task<DbTransaction> BeginWriteAsync(DbConnection c, CancellationToken ct)
    {
        var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"SELECT pg_advisory_xact_lock({WriteLockKey})";
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return tx;
    }

    public override async Task<DbTransaction> BeginReadAsync(DbConnection c, CancellationToken ct) =>
        await c.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);

    public override bool IsUniqueViolation(Exception e) => e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    /// <summary>Host, port and database of a connection string: what logs and errors may say about it.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder b) =>
        $"{(string.IsNullOrEmpty(b.Host) ? "localhost" : b.Host)}:{b.Port}/{b.Database ?? b.Username ?? "postgres"}";
}
