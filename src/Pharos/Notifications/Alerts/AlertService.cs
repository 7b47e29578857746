using Dapper;
using Pharos.Audit;
using Pharos.Storage;

namespace Pharos.Notifications.Alerts;

/// <summary>Open alerts and their acknowledgement, which stops their escalation; every acknowledgement is audited.</summary>
public sealed class AlertService(Database db, TimeProvider time)
{
    public async Task<IReadOnlyList<AlertView>> ListAsync(bool openOnly, int limit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<AlertRow>(new CommandDefinition(
            $"{Select} WHERE @openOnly = 0 OR (a.resolved_at IS NULL AND a.acknowledged_at IS NULL) ORDER BY a.opened_at DESC LIMIT @limit",
            new { openOnly = openOnly ? 1 : 0, limit },
            cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(View).ToList();
    }

    /// <summary>The alert a notice opened, on every route that escalates it; empty when it opened none.</summary>
    public async Task<IReadOnlyList<AlertView>> FindAsync(long noticeId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<AlertRow>(new CommandDefinition(
            $"{Select} WHERE a.notice_id = @noticeId ORDER BY a.route",
            new { noticeId },
            cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(View).ToList();
    }

    /// <summary>Acknowledges every route's alert for the notice; false when there is none open to acknowledge.</summary>
    public async Task<bool> AcknowledgeAsync(long noticeId, Actor actor, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        var changed = await c.ExecuteAsync(new CommandDefinition(
            "UPDATE alerts SET acknowledged_at = @now, acknowledged_by = @by WHERE notice_id = @noticeId AND acknowledged_at IS NULL AND resolved_at IS NULL",
            new { noticeId, now = Rows.Ms(now), by = actor.ToString() },
            tx,
            cancellationToken: ct)).ConfigureAwait(false);
        if (changed == 0)
        {
            return false;
        }

        await SqliteAuditStore.InsertAsync(c, tx, new AuditEntry
        {
            At = now,
            Actor = actor,
            Action = "alert.acknowledge",
            TargetType = "alert",
            TargetId = noticeId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Summary = $"Acknowledged alert {noticeId}",
        }, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    private const string Select =
        """
        SELECT a.notice_id, a.route, a.subject_key, a.opened_at, a.escalate_at, a.escalated_at, a.acknowledged_at, a.acknowledged_by, a.resolved_at,
               n.title, n.kind, n.severity
        FROM alerts a JOIN notices n ON n.id = a.notice_id
        """;

    private static AlertView View(AlertRow r) => new(r.notice_id, r.route, r.subject_key, r.title, r.kind, Severities.Parse(r.severity) ?? Severity.Info,
        Rows.Time(r.opened_at), Rows.Time(r.escalate_at), Rows.Time(r.escalated_at), Rows.Time(r.acknowledged_at), r.acknowledged_by, Rows.Time(r.resolved_at));

    private sealed class AlertRow
    {
        public long notice_id { get; set; }
        public string route { get; set; } = "";
        public string subject_key { get; set; } = "";
        public long opened_at { get; set; }
        public long? escalate_at { get; set; }
        public long? escalated_at { get; set; }
        public long? acknowledged_at { get; set; }
        public string? acknowledged_by { get; set; }
        public long? resolved_at { get; set; }
        public string title { get; set; } = "";
        public string kind { get; set; } = "";
        public string severity { get; set; } = "";
    }
}

/// <summary>An alert as the admin and the API show it.</summary>
public sealed record AlertView(long NoticeId, string Route, string SubjectKey, string Title, string Kind, Severity Severity,
    DateTimeOffset OpenedAt, DateTimeOffset? EscalateAt, DateTimeOffset? EscalatedAt, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, DateTimeOffset? ResolvedAt);
