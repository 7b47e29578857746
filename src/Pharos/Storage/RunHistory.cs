using System.Data.Common;
using Dapper;

namespace Pharos.Storage;

/// <summary>
/// The per-policy run lists of the scheduled comparisons (record audit, parity): one row per run, the newest kept,
/// written inside the caller's transaction with the run's report.
/// </summary>
public static class RunHistory
{
    /// <summary>Records one run in <paramref name="table"/> (a constant of the caller's) and drops all but the newest <paramref name="kept"/>.</summary>
    public static async Task AppendAsync(
        DbConnection c, DbTransaction tx, string table, string policyId, DateTimeOffset at, bool drift, string outcome, TimeSpan duration, int kept, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO {table} (policy_id, at, drift, outcome, duration_ms) VALUES (@policyId, @at, @drift, @outcome, @ms)
            ON CONFLICT (policy_id, at) DO UPDATE SET drift = excluded.drift, outcome = excluded.outcome, duration_ms = excluded.duration_ms
            """,
            new { policyId, at = at.ToUnixTimeMilliseconds(), drift = drift ? 1 : 0, outcome, ms = (long)duration.TotalMilliseconds },
            tx, cancellationToken: ct)).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            $"""
            DELETE FROM {table} WHERE policy_id = @policyId AND at < (
                SELECT at FROM {table} WHERE policy_id = @policyId ORDER BY at DESC LIMIT 1 OFFSET @offset)
            """,
            new { policyId, offset = kept - 1 }, tx, cancellationToken: ct)).ConfigureAwait(false);
    }
}
