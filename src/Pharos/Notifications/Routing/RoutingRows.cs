using System.Data.Common;
using Dapper;
using Pharos.Storage;

namespace Pharos.Notifications.Routing;

/// <summary>The router's own rows: its place in the event log, each route's last message per subject, open alerts.</summary>
internal static class RoutingRows
{
    public static async Task<long> CursorAsync(DbConnection c, string consumer, CancellationToken ct) =>
        await c.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT sequence FROM event_cursors WHERE consumer = @consumer", new { consumer }, cancellationToken: ct)).ConfigureAwait(false) ?? 0;

    public static Task SetCursorAsync(DbConnection c, DbTransaction tx, string consumer, long sequence, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO event_cursors (consumer, sequence) VALUES (@consumer, @sequence) ON CONFLICT (consumer) DO UPDATE SET sequence = excluded.sequence",
            new { consumer, sequence }, tx, cancellationToken: ct));

    /// <summary>Whether the route may send now for this key, and if so marks it sent.</summary>
    public static async Task<bool> TakeMarkAsync(DbConnection c, DbTransaction tx, string route, string key, DateTimeOffset now, TimeSpan interval, CancellationToken ct)
    {
        var last = await c.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT last_at FROM route_marks WHERE route = @route AND key = @key", new { route, key }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (last is not null && Rows.Ms(now) - last.Value < (long)interval.TotalMilliseconds)
        {
            return false;
        }

        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO route_marks (route, key, last_at) VALUES (@route, @key, @now) ON CONFLICT (route, key) DO UPDATE SET last_at = excluded.last_at",
            new { route, key, now = Rows.Ms(now) }, tx, cancellationToken: ct)).ConfigureAwait(false);
        return true;
    }

    public static Task OpenAlertAsync(DbConnection c, DbTransaction tx, long noticeId, string route, string subjectKey, DateTimeOffset now, DateTimeOffset escalateAt, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO alerts (notice_id, route, subject_key, opened_at, escalate_at) VALUES (@noticeId, @route, @subjectKey, @now, @escalateAt)
            ON CONFLICT (notice_id, route) DO NOTHING
            """,
            new { noticeId, route, subjectKey, now = Rows.Ms(now), escalateAt = Rows.Ms(escalateAt) }, tx, cancellationToken: ct));

    public static Task ResolveAlertsAsync(DbConnection c, DbTransaction tx, string subjectKey, DateTimeOffset now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            "UPDATE alerts SET resolved_at = @now WHERE subject_key = @subjectKey AND resolved_at IS NULL",
            new { subjectKey, now = Rows.Ms(now) }, tx, cancellationToken: ct));

    /// <summary>Alerts past their escalation time that nobody acknowledged and that did not recover.</summary>
    public static async Task<IReadOnlyList<(long NoticeId, string Route)>> DueEscalationsAsync(DbConnection c, DbTransaction tx, DateTimeOffset now, CancellationToken ct) =>
        (await c.QueryAsync<(long, string)>(new CommandDefinition(
            """
            SELECT notice_id, route FROM alerts
            WHERE escalate_at <= @now AND escalated_at IS NULL AND acknowledged_at IS NULL AND resolved_at IS NULL
            """,
            new { now = Rows.Ms(now) }, tx, cancellationToken: ct)).ConfigureAwait(false)).ToList();

    public static Task MarkEscalatedAsync(DbConnection c, DbTransaction tx, long noticeId, string route, DateTimeOffset now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            "UPDATE alerts SET escalated_at = @now WHERE notice_id = @noticeId AND route = @route",
            new { noticeId, route, now = Rows.Ms(now) }, tx, cancellationToken: ct));
}
