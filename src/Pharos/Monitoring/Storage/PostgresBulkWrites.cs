using System.Data.Common;
using Dapper;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Results;

namespace Pharos.Monitoring.Storage;

/// <summary>
/// A results batch on PostgreSQL in two statements (unnest of one array per column) instead of one round trip per row:
/// the server is a network hop away, where SQLite's prepared per-row statements cost microseconds.
/// </summary>
internal static class PostgresBulkWrites
{
    public static Task InsertResultsAsync(DbConnection c, DbTransaction tx, IReadOnlyList<CheckResult> results, string? recordedBy, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO check_results (check_id, at, outcome, latency_ms, message, location, recorded_by)
            SELECT u.*, @recordedBy::text FROM unnest(@ids::text[], @ats::bigint[], @outcomes::integer[], @latencies::double precision[], @messages::text[], @locations::text[]) AS u
            """,
            new
            {
                ids = results.Select(r => r.CheckId).ToArray(),
                ats = results.Select(r => r.At.ToUnixTimeMilliseconds()).ToArray(),
                outcomes = results.Select(r => (int)r.Outcome).ToArray(),
                latencies = results.Select(r => r.LatencyMs).ToArray(),
                messages = results.Select(r => r.Outcome == CheckOutcome.Up ? null : r.Message).ToArray(),
                locations = results.Select(r => r.Location).ToArray(),
                recordedBy,
            },
            tx,
            cancellationToken: ct));

    /// <summary>Adds the rollups to their rows; one statement may touch a row once, so rows repeated in the batch are merged first.</summary>
    public static Task UpsertRollupsAsync(DbConnection c, DbTransaction tx, IReadOnlyList<Rollup> rollups, CancellationToken ct)
    {
        var merged = rollups.GroupBy(r => (r.Scope, r.SubjectId, r.Granularity, r.Bucket)).Select(Merge).ToList();
        var buckets = Rollup.BoundsMs.Length + 1;
        var p = new DynamicParameters();
        p.Add("scopes", merged.Select(r => r.Scope).ToArray());
        p.Add("subjects", merged.Select(r => r.SubjectId).ToArray());
        p.Add("grains", merged.Select(r => Rollup.Code(r.Granularity)).ToArray());
        p.Add("buckets", merged.Select(r => r.Bucket.ToUnixTimeMilliseconds()).ToArray());
        p.Add("totals", merged.Select(r => r.Total).ToArray());
        p.Add("ups", merged.Select(r => r.Up).ToArray());
        p.Add("degradeds", merged.Select(r => r.Degraded).ToArray());
        p.Add("downs", merged.Select(r => r.Down).ToArray());
        p.Add("sums", merged.Select(r => r.LatencySumMs).ToArray());
        p.Add("maxes", merged.Select(r => r.LatencyMaxMs).ToArray());
        for (var i = 0; i < buckets; i++)
        {
            var bucket = i;
            p.Add($"h{i}", merged.Select(r => r.Histogram[bucket]).ToArray());
        }

        var histogram = Enumerable.Range(0, buckets).ToList();
        var sql =
            $"""
            INSERT INTO rollups (scope, subject_id, granularity, bucket, total, up, degraded, down, latency_sum_ms, latency_max_ms, {string.Join(", ", histogram.Select(i => $"h{i}"))})
            SELECT * FROM unnest(@scopes::text[], @subjects::text[], @grains::text[], @buckets::bigint[], @totals::bigint[], @ups::bigint[], @degradeds::bigint[],
                                 @downs::bigint[], @sums::double precision[], @maxes::double precision[], {string.Join(", ", histogram.Select(i => $"@h{i}::bigint[]"))})
            ON CONFLICT (scope, subject_id, granularity, bucket) DO UPDATE SET
                total = rollups.total + excluded.total, up = rollups.up + excluded.up, degraded = rollups.degraded + excluded.degraded, down = rollups.down + excluded.down,
                latency_sum_ms = rollups.latency_sum_ms + excluded.latency_sum_ms, latency_max_ms = GREATEST(rollups.latency_max_ms, excluded.latency_max_ms),
                {string.Join(", ", histogram.Select(i => $"h{i} = rollups.h{i} + excluded.h{i}"))}
            """;
        return c.ExecuteAsync(new CommandDefinition(sql, p, tx, cancellationToken: ct));
    }

    private static Rollup Merge(IGrouping<(string, string, Granularity, DateTimeOffset), Rollup> rows)
    {
        var first = rows.First();
        if (!rows.Skip(1).Any())
        {
            return first;
        }

        var sum = new Rollup { Scope = first.Scope, SubjectId = first.SubjectId, Granularity = first.Granularity, Bucket = first.Bucket };
        foreach (var r in rows)
        {
            sum.Total += r.Total;
            sum.Up += r.Up;
            sum.Degraded += r.Degraded;
            sum.Down += r.Down;
            sum.LatencySumMs += r.LatencySumMs;
            sum.LatencyMaxMs = Math.Max(sum.LatencyMaxMs, r.LatencyMaxMs);
            for (var i = 0; i < sum.Histogram.Length; i++)
            {
                sum.Histogram[i] += r.Histogram[i];
            }
        }

        return sum;
    }
}
