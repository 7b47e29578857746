using System.Data.Common;
using Dapper;
using Pharos.Storage;

namespace Pharos.Cluster;

/// <summary>
/// The lease row of a leader role. Its term rises with every new holder and is the fencing token; expiry is only for
/// a holder that vanished without releasing (on PostgreSQL the advisory lock settles the usual case first).
/// </summary>
public sealed class LeaseStore(SqliteDatabase db)
{
    public const string ControllerLease = "controller";

    /// <summary>Takes the lease when it is free, expired, already ours, or when <paramref name="force"/> (we hold the lock); returns the new term.</summary>
    public async Task<long?> TryAcquireAsync(string name, string holder, int? backendPid, DateTimeOffset now, TimeSpan ttl, bool force, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO cluster_lease (name, holder, term, expires_at, holder_pid) VALUES (@name, NULL, 0, 0, NULL) ON CONFLICT (name) DO NOTHING",
            new { name }, tx, cancellationToken: ct)).ConfigureAwait(false);
        var taken = await c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE cluster_lease SET holder = @holder, term = term + 1, expires_at = @expires, holder_pid = @pid
            WHERE name = @name AND (@force = 1 OR holder IS NULL OR holder = @holder OR expires_at < @now)
            """,
            new { name, holder, pid = backendPid, expires = (now + ttl).ToUnixTimeMilliseconds(), now = now.ToUnixTimeMilliseconds(), force = force ? 1 : 0 },
            tx, cancellationToken: ct)).ConfigureAwait(false);
        if (taken == 0)
        {
            return null;
        }

        var term = await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT term FROM cluster_lease WHERE name = @name", new { name }, tx, cancellationToken: ct)).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return term;
    }

    /// <summary>Extends our lease; false when the term is no longer ours (someone took over).</summary>
    public async Task<bool> RenewAsync(string name, string holder, long term, DateTimeOffset now, TimeSpan ttl, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var n = await c.ExecuteAsync(new CommandDefinition(
            "UPDATE cluster_lease SET expires_at = @expires WHERE name = @name AND holder = @holder AND term = @term",
            new { name, holder, term, expires = (now + ttl).ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false);
        return n == 1;
    }

    /// <summary>Gives the lease up at once on a clean stop, so the next leader need not wait for it to expire.</summary>
    public async Task ReleaseAsync(string name, string holder, long term, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE cluster_lease SET holder = NULL, expires_at = 0, holder_pid = NULL WHERE name = @name AND holder = @holder AND term = @term",
            new { name, holder, term }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<LeaseRow?> ReadAsync(string name, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<LeaseRow>(new CommandDefinition(
            "SELECT name AS Name, holder AS Holder, term AS Term, expires_at AS ExpiresAt, holder_pid AS HolderPid FROM cluster_lease WHERE name = @name",
            new { name }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>True when the row still names this holder and term: read inside the caller's write transaction.</summary>
    public static async Task<bool> HoldsAsync(DbConnection c, DbTransaction tx, string name, string holder, long term, bool lockRow, CancellationToken ct)
    {
        // FOR SHARE (PostgreSQL) makes a concurrent takeover wait until this write commits, so the new leader reads it.
        var sql = "SELECT COUNT(*) FROM cluster_lease WHERE name = @name AND holder = @holder AND term = @term" + (lockRow ? " FOR SHARE" : "");
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(sql, new { name, holder, term }, tx, cancellationToken: ct)).ConfigureAwait(false) == 1;
    }
}

/// <summary>A lease as stored.</summary>
public sealed record LeaseRow
{
    public string Name { get; init; } = "";
    public string? Holder { get; init; }
    public long Term { get; init; }
    public long ExpiresAt { get; init; }
    public long? HolderPid { get; init; }
}
