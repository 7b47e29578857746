using System.Data.Common;

namespace Pharos.Storage;

/// <summary>The SQL dialects Pharos stores speak; the SQL is the same in both except where a store says otherwise.</summary>
public enum SqlDialect
{
    Sqlite,
    Postgres,
}

/// <summary>
/// One database every store uses, whatever the engine: it opens connections, applies the migrations of its dialect and
/// holds the few pieces of SQL that differ between SQLite and PostgreSQL.
/// </summary>
public abstract class Database
{
    public abstract SqlDialect Dialect { get; }

    /// <summary>The engine's name for people: SQLite or PostgreSQL.</summary>
    public string EngineName => Dialect == SqlDialect.Postgres ? "PostgreSQL" : "SQLite";

    /// <summary>Where the data lives, for logs and errors: a file path, or host, port and database (never a password).</summary>
    public abstract string Location { get; }

    public abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>Opens a connection without awaiting, for the one caller behind a synchronous interface (the data-protection key ring).</summary>
    public abstract DbConnection Open();

    /// <summary>Applies pending migrations; safe to call at every start and from several processes at once.</summary>
    public abstract Task MigrateAsync(CancellationToken ct);

    /// <summary>
    /// Begins a transaction that reads what it is about to change. SQLite's is BEGIN IMMEDIATE (one writer at a time);
    /// PostgreSQL's is READ COMMITTED, so a store that decides on a count it read (the last admin) locks what it reads.
    /// </summary>
    public virtual async Task<DbTransaction> BeginWriteAsync(DbConnection c, CancellationToken ct) =>
        await c.BeginTransactionAsync(ct).ConfigureAwait(false);

    /// <summary>
    /// Begins a transaction whose reads all see one instant (the page's snapshot). SQLite's transactions always do;
    /// PostgreSQL needs REPEATABLE READ, since READ COMMITTED takes a new snapshot for each statement.
    /// </summary>
    public virtual async Task<DbTransaction> BeginReadAsync(DbConnection c, CancellationToken ct) =>
        await c.BeginTransactionAsync(ct).ConfigureAwait(false);

    /// <summary>
    /// Appended to a SELECT that picks rows to claim: on PostgreSQL two claimers skip each other's rows instead of both
    /// taking them; SQLite has one writer at a time, so it needs nothing.
    /// </summary>
    public string SkipLocked => Dialect == SqlDialect.Postgres ? " FOR UPDATE SKIP LOCKED" : "";

    /// <summary>Case-insensitive LIKE: SQLite's LIKE already is (for ASCII); PostgreSQL's is not.</summary>
    public string LikeNoCase => Dialect == SqlDialect.Postgres ? "ILIKE" : "LIKE";

    /// <summary>Whether the exception is a unique or primary-key violation (SQLITE_CONSTRAINT, SQLSTATE 23505).</summary>
    public abstract bool IsUniqueViolation(Exception e);
}
