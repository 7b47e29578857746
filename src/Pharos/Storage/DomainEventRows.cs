using System.Data.Common;
using Dapper;
using Pharos.Domain;

namespace Pharos.Storage;

/// <summary>
/// Reads and writes the event log's rows. Every store that records a change calls <see cref="InsertAsync"/> inside
/// that change's transaction, so an event exists exactly when its change does.
/// </summary>
public static class DomainEventRows
{
    public static Task InsertAsync(DbConnection c, DbTransaction tx, DomainEvent e, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO domain_events (at, kind, subject_type, subject_id, update_id, status, actor, detail)
            VALUES (@at, @Kind, @SubjectType, @SubjectId, @UpdateId, @Status, @Actor, @Detail)
            """,
            new { at = Rows.Ms(e.At), e.Kind, e.SubjectType, e.SubjectId, e.UpdateId, e.Status, e.Actor, e.Detail },
            tx,
            cancellationToken: ct));

    public static async Task<IReadOnlyList<DomainEvent>> ReadAsync(DbConnection c, long after, int limit, CancellationToken ct)
    {
        var rows = await c.QueryAsync<EventRow>(new CommandDefinition(
            "SELECT * FROM domain_events WHERE sequence > @after ORDER BY sequence LIMIT @limit", new { after, limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new DomainEvent(r.kind, r.subject_type, r.subject_id, Rows.Time(r.at))
        {
            Sequence = r.sequence,
            UpdateId = r.update_id,
            Status = r.status,
            Actor = r.actor,
            Detail = r.detail,
        }).ToList();
    }

    private sealed class EventRow
    {
        public long sequence { get; set; }
        public long at { get; set; }
        public string kind { get; set; } = "";
        public string subject_type { get; set; } = "";
        public string subject_id { get; set; } = "";
        public string? update_id { get; set; }
        public string? status { get; set; }
        public string actor { get; set; } = "";
        public string? detail { get; set; }
    }
}
