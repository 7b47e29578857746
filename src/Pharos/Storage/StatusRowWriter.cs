using System.Data.Common;
using Dapper;
using Pharos.Domain;

namespace Pharos.Storage;

/// <summary>
/// Writes the difference between an incident or maintenance as read and as it should be, row by row, inside the
/// caller's transaction: the parent row only when its revision is still the one read, and only the component
/// links and updates that were added, changed or removed. A row nobody meant to touch is never rewritten.
/// </summary>
internal static class StatusRowWriter
{
    public static async Task<bool> WriteIncidentRowAsync(DbConnection c, DbTransaction tx, Incident? before, Incident i, CancellationToken ct)
    {
        var p = new
        {
            i.Id, i.Name, status = WireNames.Of(i.Status), impact = WireNames.Of(i.Impact),
            created = Rows.Ms(i.CreatedAt), updated = Rows.Ms(i.UpdatedAt), started = Rows.Ms(i.StartedAt),
            monitoring = Rows.Ms(i.MonitoringAt), resolved = Rows.Ms(i.ResolvedAt), i.PostmortemBody,
            postmortem = Rows.Ms(i.PostmortemPublishedAt), backfilled = i.Backfilled ? 1 : 0, automated = i.Automated ? 1 : 0,
            i.Revision, expected = before?.Revision,
        };
        var sql = before is null
            ? """
              INSERT INTO incidents (id, name, status, impact, created_at, updated_at, started_at, monitoring_at, resolved_at,
                                     postmortem_body, postmortem_published_at, backfilled, automated, revision)
              VALUES (@Id, @Name, @status, @impact, @created, @updated, @started, @monitoring, @resolved, @PostmortemBody, @postmortem, @backfilled, @automated, @Revision)
              ON CONFLICT (id) DO NOTHING
              """
            : """
              UPDATE incidents SET name = @Name, status = @status, impact = @impact, created_at = @created, updated_at = @updated,
                  started_at = @started, monitoring_at = @monitoring, resolved_at = @resolved, postmortem_body = @PostmortemBody,
                  postmortem_published_at = @postmortem, backfilled = @backfilled, automated = @automated, revision = @Revision
              WHERE id = @Id AND revision = @expected
              """;
        return await c.ExecuteAsync(new CommandDefinition(sql, p, tx, cancellationToken: ct)).ConfigureAwait(false) == 1;
    }

    public static async Task WriteIncidentChildrenAsync(DbConnection c, DbTransaction tx, Incident? before, Incident after, CancellationToken ct)
    {
        var old = (before?.Components ?? []).ToDictionary(x => x.ComponentId, StringComparer.Ordinal);
        var now = after.Components.ToDictionary(x => x.ComponentId, StringComparer.Ordinal);
        foreach (var gone in old.Keys.Where(k => !now.ContainsKey(k)))
        {
            await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM incident_components WHERE incident_id = @id AND component_id = @gone", new { id = after.Id, gone }, tx, cancellationToken: ct)).ConfigureAwait(false);
        }

        foreach (var comp in now.Values.Where(n => !old.TryGetValue(n.ComponentId, out var o) || o != n))
        {
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO incident_components (incident_id, component_id, status) VALUES (@id, @cid, @status) ON CONFLICT (incident_id, component_id) DO UPDATE SET status = excluded.status",
                new { id = after.Id, cid = comp.ComponentId, status = WireNames.Of(comp.Status) }, tx, cancellationToken: ct)).ConfigureAwait(false);
        }

        await WriteUpdatesAsync(c, tx, "incident_updates", "incident_id", after.Id, before?.Updates ?? [], after.Updates, ct).ConfigureAwait(false);
    }

    public static async Task<bool> WriteMaintenanceRowAsync(DbConnection c, DbTransaction tx, Maintenance? before, Maintenance m, CancellationToken ct)
    {
        var p = new
        {
            m.Id, m.Name, status = WireNames.Of(m.Status), impact = WireNames.Of(m.Impact),
            created = Rows.Ms(m.CreatedAt), updated = Rows.Ms(m.UpdatedAt), @for = Rows.Ms(m.ScheduledFor), until = Rows.Ms(m.ScheduledUntil),
            started = Rows.Ms(m.StartedAt), completed = Rows.Ms(m.CompletedAt), autoStart = m.AutoStart ? 1 : 0,
            autoComplete = m.AutoComplete ? 1 : 0, m.Sequence, cancelled = m.Cancelled ? 1 : 0, m.Revision, expected = before?.Revision, policy = m.FailoverPolicy,
        };
        var sql = before is null
            ? """
              INSERT INTO maintenances (id, name, status, impact, created_at, updated_at, scheduled_for, scheduled_until, started_at,
                                        completed_at, auto_start, auto_complete, sequence, cancelled, revision, failover_policy)
              VALUES (@Id, @Name, @status, @impact, @created, @updated, @for, @until, @started, @completed, @autoStart, @autoComplete, @Sequence, @cancelled, @Revision, @policy)
              ON CONFLICT (id) DO NOTHING
              """
            : """
              UPDATE maintenances SET name = @Name, status = @status, impact = @impact, created_at = @created, updated_at = @updated,
                  scheduled_for = @for, scheduled_until = @until, started_at = @started, completed_at = @completed, auto_start = @autoStart,
                  auto_complete = @autoComplete, sequence = @Sequence, cancelled = @cancelled, revision = @Revision, failover_policy = @policy
              WHERE id = @Id AND revision = @expected
              """;
        return await c.ExecuteAsync(new CommandDefinition(sql, p, tx, cancellationToken: ct)).ConfigureAwait(false) == 1;
    }

    public static async Task WriteMaintenanceChildrenAsync(DbConnection c, DbTransaction tx, Maintenance? before, Maintenance after, CancellationToken ct)
    {
        var old = (before?.ComponentIds ?? []).ToHashSet(StringComparer.Ordinal);
        var now = after.ComponentIds.ToHashSet(StringComparer.Ordinal);
        foreach (var gone in old.Except(now))
        {
            await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM maintenance_components WHERE maintenance_id = @id AND component_id = @gone", new { id = after.Id, gone }, tx, cancellationToken: ct)).ConfigureAwait(false);
        }

        foreach (var cid in now.Except(old))
        {
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO maintenance_components (maintenance_id, component_id) VALUES (@id, @cid) ON CONFLICT DO NOTHING", new { id = after.Id, cid }, tx, cancellationToken: ct)).ConfigureAwait(false);
        }

        await WriteUpdatesAsync(c, tx, "maintenance_updates", "maintenance_id", after.Id, before?.Updates ?? [], after.Updates, ct).ConfigureAwait(false);
    }

    private static async Task WriteUpdatesAsync(
        DbConnection c, DbTransaction tx, string table, string parentColumn, string parentId, IReadOnlyList<IncidentUpdate> before, IReadOnlyList<IncidentUpdate> after, CancellationToken ct)
    {
        var old = before.ToDictionary(u => u.Id, StringComparer.Ordinal);
        var now = after.Select(u => u.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in old.Keys.Where(id => !now.Contains(id)))
        {
            // Only an update the change meant to remove: one it never read (posted meanwhile) is not in `before`.
            await c.ExecuteAsync(new CommandDefinition($"DELETE FROM {table} WHERE id = @gone AND {parentColumn} = @parentId", new { gone, parentId }, tx, cancellationToken: ct)).ConfigureAwait(false);
        }

        foreach (var u in after.Where(u => !old.TryGetValue(u.Id, out var o) || o != u))
        {
            // A new update is inserted, never upserted: an id that exists (anywhere) is an error that undoes the change.
            var sql = old.ContainsKey(u.Id)
                ? $"UPDATE {table} SET status = @status, body = @Body, updated_at = @updated, display_at = @display, component_changes = @changes, social = @social, added_later = @addedLater, edited_at = @edited WHERE id = @Id AND {parentColumn} = @parentId"
                : $"INSERT INTO {table} (id, {parentColumn}, status, body, created_at, updated_at, display_at, component_changes, social, added_later, edited_at) VALUES (@Id, @parentId, @status, @Body, @created, @updated, @display, @changes, @social, @addedLater, @edited)";
            await c.ExecuteAsync(new CommandDefinition(
                sql,
                new
                {
                    u.Id, parentId, status = WireNames.Of(u.Status), u.Body, created = Rows.Ms(u.CreatedAt), updated = Rows.Ms(u.UpdatedAt),
                    display = Rows.Ms(u.DisplayAt), changes = Rows.ChangesToJson(u.ComponentChanges), social = u.Social ? 1 : 0,
                    addedLater = u.AddedLater ? 1 : 0, edited = Rows.Ms(u.EditedAt),
                },
                tx,
                cancellationToken: ct)).ConfigureAwait(false);
        }
    }
}
