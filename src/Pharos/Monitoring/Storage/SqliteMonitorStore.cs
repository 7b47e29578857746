using System.Data;
using System.Data.Common;
using Dapper;
using Pharos.Cluster;
using Pharos.Domain;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Results;
using Pharos.Monitoring.State;
using Pharos.Storage;

namespace Pharos.Monitoring.Storage;

/// <summary>The implementation (SQLite and PostgreSQL) of <see cref="IMonitorStore"/>; its tables come from migration 0003.</summary>
public sealed class SqliteMonitorStore(Database db, NodeIdentity? node = null) : IMonitorStore
{
    private static readonly string HistogramColumns = string.Join(", ", Enumerable.Range(0, Rollup.BoundsMs.Length + 1).Select(i => $"h{i}"));

    private static readonly string RollupUpsert =
        $"""
        INSERT INTO rollups (scope, subject_id, granularity, bucket, total, up, degraded, down, latency_sum_ms, latency_max_ms, {HistogramColumns})
        VALUES (@scope, @subject, @g, @bucket, @total, @up, @degraded, @down, @sum, @max, {string.Join(", ", Enumerable.Range(0, Rollup.BoundsMs.Length + 1).Select(i => $"@h{i}"))})
        ON CONFLICT (scope, subject_id, granularity, bucket) DO UPDATE SET
            total = rollups.total + excluded.total, up = rollups.up + excluded.up, degraded = rollups.degraded + excluded.degraded, down = rollups.down + excluded.down,
            latency_sum_ms = rollups.latency_sum_ms + excluded.latency_sum_ms,
            latency_max_ms = CASE WHEN rollups.latency_max_ms > excluded.latency_max_ms THEN rollups.latency_max_ms ELSE excluded.latency_max_ms END,
            {string.Join(", ", Enumerable.Range(0, Rollup.BoundsMs.Length + 1).Select(i => $"h{i} = rollups.h{i} + excluded.h{i}"))}
        """;

    public async Task WriteBatchAsync(MonitorBatch batch, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        // The write lock: the once-only events below are decided on a count read in this transaction.
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        if (db.Dialect == SqlDialect.Postgres)
        {
            await WriteMeasurementsInBulkAsync(c, tx, batch, node?.Id, ct).ConfigureAwait(false);
        }
        else if (batch.Results.Count > 0)
        {
            using var cmd = Command(c, tx, "INSERT INTO check_results (check_id, at, outcome, latency_ms, message, location, recorded_by) VALUES (@id, @at, @o, @l, @m, @loc, @by)",
                ("id", DbType.String), ("at", DbType.Int64), ("o", DbType.Int32), ("l", DbType.Double), ("m", DbType.String), ("loc", DbType.String), ("by", DbType.String));
            foreach (var r in batch.Results)
            {
                Set(cmd, r.CheckId, r.At.ToUnixTimeMilliseconds(), (int)r.Outcome, r.LatencyMs, r.Outcome == CheckOutcome.Up ? null : r.Message, r.Location, node?.Id);
                await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }

        if (db.Dialect != SqlDialect.Postgres && batch.Rollups.Count > 0)
        {
            var names = new[] { "scope", "subject", "g" }.Select(n => (n, DbType.String))
                .Concat(new[] { "bucket", "total", "up", "degraded", "down" }.Select(n => (n, DbType.Int64)))
                .Concat(new[] { "sum", "max" }.Select(n => (n, DbType.Double)))
                .Concat(Enumerable.Range(0, Rollup.BoundsMs.Length + 1).Select(i => ($"h{i}", DbType.Int64))).ToArray();
            using var cmd = Command(c, tx, RollupUpsert, names);
            foreach (var r in batch.Rollups)
            {
                object?[] values = [r.Scope, r.SubjectId, Rollup.Code(r.Granularity), r.Bucket.ToUnixTimeMilliseconds(), r.Total, r.Up, r.Degraded, r.Down, r.LatencySumMs, r.LatencyMaxMs];
                Set(cmd, [.. values, .. r.Histogram.Cast<object?>()]);
                await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }

        foreach (var s in batch.StateChanges)
        {
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO check_states (check_id, health, since, message) VALUES (@CheckId, @health, @since, @Message)
                ON CONFLICT (check_id) DO UPDATE SET health = excluded.health, since = excluded.since, message = excluded.message
                """,
                new { s.CheckId, health = s.Health.ToString(), since = s.Since.ToUnixTimeMilliseconds(), s.Message }, tx, cancellationToken: ct)).ConfigureAwait(false);
        }

        foreach (var h in batch.ComponentChanges)
        {
            var p = new { h.ComponentId, at = h.At.ToUnixTimeMilliseconds(), status = WireNames.Of(h.Status) };
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO component_health_log (component_id, at, status) VALUES (@ComponentId, @at, @status) ON CONFLICT (component_id, at) DO UPDATE SET status = excluded.status",
                p, tx, cancellationToken: ct)).ConfigureAwait(false);
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO component_health (component_id, status, since) VALUES (@ComponentId, @status, @at)
                ON CONFLICT (component_id) DO UPDATE SET status = excluded.status, since = excluded.since
                """, p, tx, cancellationToken: ct)).ConfigureAwait(false);
        }

        // The events of these changes go in the same transaction: a check is down in the log exactly when it is here.
        foreach (var e in batch.Events)
        {
            await DomainEventRows.InsertAsync(c, tx, e, ct).ConfigureAwait(false);
        }

        foreach (var e in batch.OnceEvents)
        {
            var seen = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM domain_events WHERE subject_type = @SubjectType AND subject_id = @SubjectId AND kind = @Kind",
                new { e.SubjectType, e.SubjectId, e.Kind }, tx, cancellationToken: ct)).ConfigureAwait(false);
            if (seen == 0)
            {
                await DomainEventRows.InsertAsync(c, tx, e, ct).ConfigureAwait(false);
            }
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    private static async Task WriteMeasurementsInBulkAsync(DbConnection c, DbTransaction tx, MonitorBatch batch, string? recordedBy, CancellationToken ct)
    {
        if (batch.Results.Count > 0)
        {
            await PostgresBulkWrites.InsertResultsAsync(c, tx, batch.Results, recordedBy, ct).ConfigureAwait(false);
        }

        if (batch.Rollups.Count > 0)
        {
            await PostgresBulkWrites.UpsertRollupsAsync(c, tx, batch.Rollups, ct).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<StoredCheckState>> LoadCheckStatesAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<(string check_id, string health, long? since, string? message, long? last_ping_at, long last_ping_failed)>(
            new CommandDefinition("SELECT check_id, health, since, message, last_ping_at, last_ping_failed FROM check_states", cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new StoredCheckState(
            r.check_id, Enum.TryParse<CheckHealth>(r.health, out var h) ? h : CheckHealth.Pending, Time(r.since), r.message, Time(r.last_ping_at), r.last_ping_failed != 0)).ToList();
    }

    public async Task<IReadOnlyList<StoredComponentHealth>> LoadComponentHealthAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<(string component_id, string status, long since, string? incident_id)>(
            new CommandDefinition("SELECT component_id, status, since, incident_id FROM component_health", cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new StoredComponentHealth(r.component_id, WireNames.ParseComponentStatus(r.status), DateTimeOffset.FromUnixTimeMilliseconds(r.since), r.incident_id)).ToList();
    }

    public async Task SetComponentIncidentAsync(string componentId, string? incidentId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO component_health (component_id, status, since, incident_id) VALUES (@componentId, 'operational', 0, @incidentId)
            ON CONFLICT (component_id) DO UPDATE SET incident_id = excluded.incident_id
            """, new { componentId, incidentId }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task SaveHeartbeatAsync(string checkId, DateTimeOffset at, bool failed, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO check_states (check_id, health, last_ping_at, last_ping_failed) VALUES (@checkId, 'Pending', @at, @failed)
            ON CONFLICT (check_id) DO UPDATE SET last_ping_at = excluded.last_ping_at, last_ping_failed = excluded.last_ping_failed
            """, new { checkId, at = at.ToUnixTimeMilliseconds(), failed = failed ? 1 : 0 }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CheckResult>> GetResultsAsync(string checkId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<(long at, long outcome, double latency_ms, string? message, string? location)>(new CommandDefinition(
            "SELECT at, outcome, latency_ms, message, location FROM check_results WHERE check_id = @checkId AND at >= @from AND at < @to ORDER BY at DESC LIMIT @limit",
            new { checkId, from = from.ToUnixTimeMilliseconds(), to = to.ToUnixTimeMilliseconds(), limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new CheckResult(checkId, null, DateTimeOffset.FromUnixTimeMilliseconds(r.at), (CheckOutcome)r.outcome, r.latency_ms, r.message) { Location = r.location }).ToList();
    }

    public async Task<IReadOnlyList<Rollup>> GetRollupsAsync(string scope, string? subjectId, Granularity granularity, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        using var cmd = c.CreateCommand();
        cmd.CommandText =
            $"SELECT subject_id, bucket, total, up, degraded, down, latency_sum_ms, latency_max_ms, {HistogramColumns} FROM rollups " +
            "WHERE scope = @scope AND granularity = @g AND bucket >= @from AND bucket < @to" + (subjectId is null ? "" : " AND subject_id = @subject") +
            " ORDER BY subject_id, bucket";
        Add(cmd, "scope", DbType.String, scope);
        Add(cmd, "g", DbType.String, Rollup.Code(granularity));
        Add(cmd, "from", DbType.Int64, from.ToUnixTimeMilliseconds());
        Add(cmd, "to", DbType.Int64, to.ToUnixTimeMilliseconds());
        if (subjectId is not null)
        {
            Add(cmd, "subject", DbType.String, subjectId);
        }
        var list = new List<Rollup>();
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var r = new Rollup
            {
                Scope = scope,
                SubjectId = reader.GetString(0),
                Granularity = granularity,
                Bucket = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                Total = reader.GetInt64(2),
                Up = reader.GetInt64(3),
                Degraded = reader.GetInt64(4),
                Down = reader.GetInt64(5),
                LatencySumMs = reader.GetDouble(6),
                LatencyMaxMs = reader.GetDouble(7),
            };
            for (var i = 0; i < r.Histogram.Length; i++)
            {
                r.Histogram[i] = reader.GetInt64(8 + i);
            }

            list.Add(r);
        }

        return list;
    }

    public async Task<IReadOnlyList<ComponentHealthChange>> GetComponentLogAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<(string component_id, long at, string status)>(new CommandDefinition(
            """
            SELECT component_id, at, status FROM component_health_log WHERE at >= @since
            UNION ALL
            SELECT l.component_id, l.at, l.status FROM component_health_log l
            WHERE l.at = (SELECT max(at) FROM component_health_log p WHERE p.component_id = l.component_id AND p.at < @since)
            ORDER BY 1, 2
            """, new { since = since.ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new ComponentHealthChange(r.component_id, DateTimeOffset.FromUnixTimeMilliseconds(r.at), WireNames.ParseComponentStatus(r.status))).ToList();
    }

    public async Task<long> PruneAsync(DateTimeOffset rawBefore, DateTimeOffset minuteBefore, DateTimeOffset rollupBefore, CancellationToken ct)
    {
        long removed = 0;
        while (true)
        {
            // Small steps keep each write transaction short, so the result writer is never held up for long.
            await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
            // SQLite's rowid walks the rows in the order they came; PostgreSQL's ctid just names each row version.
            var n = await c.ExecuteAsync(new CommandDefinition(
                db.Dialect == SqlDialect.Postgres
                    ? "DELETE FROM check_results WHERE ctid = ANY (ARRAY(SELECT ctid FROM check_results WHERE at < @before LIMIT 20000))"
                    : "DELETE FROM check_results WHERE rowid IN (SELECT rowid FROM check_results WHERE at < @before ORDER BY rowid LIMIT 20000)",
                new { before = rawBefore.ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false);
            removed += n;
            if (n < 20000)
            {
                break;
            }
        }

        await using (var c = await db.OpenAsync(ct).ConfigureAwait(false))
        {
            removed += await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM rollups WHERE (granularity = 'm' AND bucket < @minute) OR (granularity <> 'm' AND bucket < @rollup)",
                new { minute = minuteBefore.ToUnixTimeMilliseconds(), rollup = rollupBefore.ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false);
            removed += await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM component_health_log WHERE at < @rollup", new { rollup = rollupBefore.ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false);
        }

        return removed;
    }

    /// <summary>A prepared command run once per row; the types are given so either engine can prepare it before the first values.</summary>
    private static DbCommand Command(DbConnection c, DbTransaction tx, string sql, params (string Name, DbType Type)[] parameters)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            Add(cmd, name, type, DBNull.Value);
        }

        cmd.Prepare();
        return cmd;
    }

    private static void Add(DbCommand cmd, string name, DbType type, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.DbType = type;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    private static void Set(DbCommand cmd, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            cmd.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private static DateTimeOffset? Time(long? ms) => ms is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(ms.Value);
}
