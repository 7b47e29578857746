using Dapper;
using Pharos.Storage;

namespace Pharos.Monitoring.Storage;

/// <summary>One stored result as the feed reads it: its place in the write order and the node that wrote it.</summary>
public sealed record FeedRow(long Seq, string CheckId, long At, long Outcome, double LatencyMs, string? Message, string? Location, string? RecordedBy);

/// <summary>
/// Reads check results in the order they were written (rowid on SQLite; the seq column on PostgreSQL, which grows in
/// commit order because results are written under the write lock), so that nodes sharing a database follow each
/// other's results without missing or repeating one.
/// </summary>
public sealed class ResultFeedStore(Database db)
{
    private string Seq => db.Dialect == SqlDialect.Postgres ? "seq" : "rowid";

    /// <summary>The place of the last result written, 0 when there is none.</summary>
    public async Task<long> LastAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COALESCE(MAX({Seq}), 0) FROM check_results", cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>Up to <paramref name="limit"/> results written after <paramref name="after"/>, in write order.</summary>
    public async Task<IReadOnlyList<FeedRow>> ReadAfterAsync(long after, int limit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<FeedRow>(new CommandDefinition(
            $"""
            SELECT {Seq} AS Seq, check_id AS CheckId, at AS At, CAST(outcome AS BIGINT) AS Outcome, latency_ms AS LatencyMs, message AS Message,
                   location AS Location, recorded_by AS RecordedBy
            FROM check_results WHERE {Seq} > @after ORDER BY {Seq} LIMIT @limit
            """,
            new { after, limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>The last call of every heartbeat check, whichever node took it.</summary>
    public async Task<IReadOnlyList<(string CheckId, long At, bool Failed)>> ReadPingsAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<(string, long, long)>(new CommandDefinition(
            "SELECT check_id, last_ping_at, last_ping_failed FROM check_states WHERE last_ping_at IS NOT NULL", cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => (r.Item1, r.Item2, r.Item3 != 0)).ToList();
    }
}
