using System.Data.Common;
using Dapper;
using Pharos.Domain;

namespace Pharos.Storage;

/// <summary>The SQLite implementation of <see cref="IStatusStore"/>.</summary>
public sealed class SqliteStatusStore(SqliteDatabase db) : IStatusStore
{
    private const string OpenIncidentStatuses = "('investigating', 'identified', 'monitoring')";

    public Task MigrateAsync(CancellationToken ct) => SqliteMigrator.MigrateAsync(db, ct);

    public async Task<long> GetDataVersionAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT version FROM data_version WHERE id = 1", cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<StatusData> LoadAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        // One read transaction: the version and the rows it describes come from the same instant.
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        var p = new { since = Rows.Ms(since) };
        var version = await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT version FROM data_version WHERE id = 1", transaction: tx, cancellationToken: ct)).ConfigureAwait(false);

        var incidentFilter = $"(i.started_at >= @since OR i.resolved_at >= @since OR i.status IN {OpenIncidentStatuses})";
        var incidents = await c.QueryAsync<IncidentRow>(new CommandDefinition($"SELECT i.* FROM incidents i WHERE {incidentFilter}", p, tx, cancellationToken: ct)).ConfigureAwait(false);
        var incidentLinks = await c.QueryAsync<LinkRow>(new CommandDefinition(
            $"SELECT l.incident_id AS parent_id, l.component_id, l.status FROM incident_components l JOIN incidents i ON i.id = l.incident_id WHERE {incidentFilter}", p, tx, cancellationToken: ct)).ConfigureAwait(false);
        var incidentUpdates = await c.QueryAsync<UpdateRow>(new CommandDefinition(
            $"SELECT u.id, u.incident_id AS parent_id, u.status, u.body, u.created_at, u.updated_at, u.display_at, u.component_changes FROM incident_updates u JOIN incidents i ON i.id = u.incident_id WHERE {incidentFilter}", p, tx, cancellationToken: ct)).ConfigureAwait(false);

        var maintenanceFilter = "(m.scheduled_until >= @since OR m.status <> 'completed')";
        var maintenances = await c.QueryAsync<MaintenanceRow>(new CommandDefinition($"SELECT m.* FROM maintenances m WHERE {maintenanceFilter}", p, tx, cancellationToken: ct)).ConfigureAwait(false);
        var maintenanceLinks = await c.QueryAsync<LinkRow>(new CommandDefinition(
            $"SELECT l.maintenance_id AS parent_id, l.component_id FROM maintenance_components l JOIN maintenances m ON m.id = l.maintenance_id WHERE {maintenanceFilter}", p, tx, cancellationToken: ct)).ConfigureAwait(false);
        var maintenanceUpdates = await c.QueryAsync<UpdateRow>(new CommandDefinition(
            $"SELECT u.id, u.maintenance_id AS parent_id, u.status, u.body, u.created_at, u.updated_at, u.display_at, u.component_changes FROM maintenance_updates u JOIN maintenances m ON m.id = u.maintenance_id WHERE {maintenanceFilter}", p, tx, cancellationToken: ct)).ConfigureAwait(false);
        var created = await c.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT value FROM meta WHERE key = 'created_at'", transaction: tx, cancellationToken: ct)).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);

        return new StatusData(
            version,
            Assemble(incidents, incidentLinks, incidentUpdates),
            Assemble(maintenances, maintenanceLinks, maintenanceUpdates))
        {
            CreatedAt = long.TryParse(created, System.Globalization.CultureInfo.InvariantCulture, out var ms) ? Rows.Time(ms) : null,
        };
    }

    public async Task<Incident?> GetIncidentAsync(string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var p = new { id };
        var row = await c.QuerySingleOrDefaultAsync<IncidentRow>(new CommandDefinition("SELECT * FROM incidents WHERE id = @id", p, cancellationToken: ct)).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        var links = await c.QueryAsync<LinkRow>(new CommandDefinition("SELECT incident_id AS parent_id, component_id, status FROM incident_components WHERE incident_id = @id", p, cancellationToken: ct)).ConfigureAwait(false);
        var updates = await c.QueryAsync<UpdateRow>(new CommandDefinition("SELECT id, incident_id AS parent_id, status, body, created_at, updated_at, display_at, component_changes FROM incident_updates WHERE incident_id = @id", p, cancellationToken: ct)).ConfigureAwait(false);
        return Assemble([row], links, updates)[0];
    }

    public async Task<Maintenance?> GetMaintenanceAsync(string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var p = new { id };
        var row = await c.QuerySingleOrDefaultAsync<MaintenanceRow>(new CommandDefinition("SELECT * FROM maintenances WHERE id = @id", p, cancellationToken: ct)).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        var links = await c.QueryAsync<LinkRow>(new CommandDefinition("SELECT maintenance_id AS parent_id, component_id FROM maintenance_components WHERE maintenance_id = @id", p, cancellationToken: ct)).ConfigureAwait(false);
        var updates = await c.QueryAsync<UpdateRow>(new CommandDefinition("SELECT id, maintenance_id AS parent_id, status, body, created_at, updated_at, display_at, component_changes FROM maintenance_updates WHERE maintenance_id = @id", p, cancellationToken: ct)).ConfigureAwait(false);
        return Assemble([row], links, updates)[0];
    }

    public async Task SaveIncidentAsync(Incident i, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        await WriteIncidentAsync(c, tx, i, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Writes the incident within the caller's transaction, so other rows (an audit entry) commit with it.</summary>
    internal static async Task WriteIncidentAsync(DbConnection c, DbTransaction tx, Incident i, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO incidents (id, name, status, impact, created_at, updated_at, started_at, monitoring_at, resolved_at,
                                   postmortem_body, postmortem_published_at, backfilled, automated)
            VALUES (@Id, @Name, @status, @impact, @created, @updated, @started, @monitoring, @resolved, @PostmortemBody, @postmortem, @backfilled, @automated)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, status = excluded.status, impact = excluded.impact,
                created_at = excluded.created_at, updated_at = excluded.updated_at, started_at = excluded.started_at,
                monitoring_at = excluded.monitoring_at, resolved_at = excluded.resolved_at, postmortem_body = excluded.postmortem_body,
                postmortem_published_at = excluded.postmortem_published_at, backfilled = excluded.backfilled, automated = excluded.automated
            """,
            new
            {
                i.Id, i.Name, status = WireNames.Of(i.Status), impact = WireNames.Of(i.Impact),
                created = Rows.Ms(i.CreatedAt), updated = Rows.Ms(i.UpdatedAt), started = Rows.Ms(i.StartedAt),
                monitoring = Rows.Ms(i.MonitoringAt), resolved = Rows.Ms(i.ResolvedAt), i.PostmortemBody,
                postmortem = Rows.Ms(i.PostmortemPublishedAt), backfilled = i.Backfilled ? 1 : 0, automated = i.Automated ? 1 : 0,
            },
            tx,
            cancellationToken: ct)).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM incident_components WHERE incident_id = @Id", new { i.Id }, tx, cancellationToken: ct)).ConfigureAwait(false);
        foreach (var comp in i.Components)
        {
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO incident_components (incident_id, component_id, status) VALUES (@id, @cid, @status)",
                new { id = i.Id, cid = comp.ComponentId, status = WireNames.Of(comp.Status) }, tx, cancellationToken: ct)).ConfigureAwait(false);
        }

        await ReplaceUpdatesAsync(c, tx, "incident_updates", "incident_id", i.Id, i.Updates, ct).ConfigureAwait(false);
        await BumpVersionAsync(c, tx, ct).ConfigureAwait(false);
    }

    public async Task SaveMaintenanceAsync(Maintenance m, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        await WriteMaintenanceAsync(c, tx, m, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Writes the maintenance within the caller's transaction.</summary>
    internal static async Task WriteMaintenanceAsync(DbConnection c, DbTransaction tx, Maintenance m, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO maintenances (id, name, status, impact, created_at, updated_at, scheduled_for, scheduled_until, started_at,
                                      completed_at, auto_start, auto_complete, sequence, cancelled)
            VALUES (@Id, @Name, @status, @impact, @created, @updated, @for, @until, @started, @completed, @autoStart, @autoComplete, @Sequence, @cancelled)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, status = excluded.status, impact = excluded.impact,
                created_at = excluded.created_at, updated_at = excluded.updated_at, scheduled_for = excluded.scheduled_for,
                scheduled_until = excluded.scheduled_until, started_at = excluded.started_at, completed_at = excluded.completed_at,
                auto_start = excluded.auto_start, auto_complete = excluded.auto_complete, sequence = excluded.sequence, cancelled = excluded.cancelled
            """,
            new
            {
                m.Id, m.Name, status = WireNames.Of(m.Status), impact = WireNames.Of(m.Impact),
                created = Rows.Ms(m.CreatedAt), updated = Rows.Ms(m.UpdatedAt), @for = Rows.Ms(m.ScheduledFor), until = Rows.Ms(m.ScheduledUntil),
                started = Rows.Ms(m.StartedAt), completed = Rows.Ms(m.CompletedAt), autoStart = m.AutoStart ? 1 : 0,
                autoComplete = m.AutoComplete ? 1 : 0, m.Sequence, cancelled = m.Cancelled ? 1 : 0,
            },
            tx,
            cancellationToken: ct)).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM maintenance_components WHERE maintenance_id = @Id", new { m.Id }, tx, cancellationToken: ct)).ConfigureAwait(false);
        foreach (var cid in m.ComponentIds)
        {
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO maintenance_components (maintenance_id, component_id) VALUES (@id, @cid)", new { id = m.Id, cid }, tx, cancellationToken: ct)).ConfigureAwait(false);
        }

        await ReplaceUpdatesAsync(c, tx, "maintenance_updates", "maintenance_id", m.Id, m.Updates, ct).ConfigureAwait(false);
        await BumpVersionAsync(c, tx, ct).ConfigureAwait(false);
    }

    public async Task<string?> GetMetaAsync(string key, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT value FROM meta WHERE key = @key", new { key }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task SetMetaAsync(string key, string value, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO meta (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value", new { key, value }, cancellationToken: ct)).ConfigureAwait(false);
    }

    private static async Task ReplaceUpdatesAsync(DbConnection c, DbTransaction tx, string table, string parentColumn, string parentId, IReadOnlyList<IncidentUpdate> updates, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition($"DELETE FROM {table} WHERE {parentColumn} = @parentId", new { parentId }, tx, cancellationToken: ct)).ConfigureAwait(false);
        foreach (var u in updates)
        {
            await c.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO {table} (id, {parentColumn}, status, body, created_at, updated_at, display_at, component_changes) VALUES (@Id, @parentId, @Status, @Body, @created, @updated, @display, @changes)",
                new
                {
                    u.Id, parentId, u.Status, u.Body, created = Rows.Ms(u.CreatedAt), updated = Rows.Ms(u.UpdatedAt),
                    display = Rows.Ms(u.DisplayAt), changes = Rows.ChangesToJson(u.ComponentChanges),
                },
                tx,
                cancellationToken: ct)).ConfigureAwait(false);
        }
    }

    internal static Task BumpVersionAsync(DbConnection c, DbTransaction tx, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("UPDATE data_version SET version = version + 1 WHERE id = 1", transaction: tx, cancellationToken: ct));

    private static List<Incident> Assemble(IEnumerable<IncidentRow> rows, IEnumerable<LinkRow> links, IEnumerable<UpdateRow> updates)
    {
        var linksBy = links.ToLookup(l => l.parent_id);
        var updatesBy = updates.ToLookup(u => u.parent_id);
        return rows.Select(r => new Incident
        {
            Id = r.id,
            Name = r.name,
            Status = WireNames.ParseIncidentStatus(r.status),
            Impact = WireNames.ParseImpact(r.impact),
            CreatedAt = Rows.Time(r.created_at),
            UpdatedAt = Rows.Time(r.updated_at),
            StartedAt = Rows.Time(r.started_at),
            MonitoringAt = Rows.Time(r.monitoring_at),
            ResolvedAt = Rows.Time(r.resolved_at),
            PostmortemBody = r.postmortem_body,
            PostmortemPublishedAt = Rows.Time(r.postmortem_published_at),
            Backfilled = r.backfilled != 0,
            Automated = r.automated != 0,
            Components = linksBy[r.id].Select(l => new AffectedComponent(l.component_id, WireNames.ParseComponentStatus(l.status!))).ToList(),
            Updates = OrderUpdates(updatesBy[r.id]),
        }).ToList();
    }

    private static List<Maintenance> Assemble(IEnumerable<MaintenanceRow> rows, IEnumerable<LinkRow> links, IEnumerable<UpdateRow> updates)
    {
        var linksBy = links.ToLookup(l => l.parent_id);
        var updatesBy = updates.ToLookup(u => u.parent_id);
        return rows.Select(r => new Maintenance
        {
            Id = r.id,
            Name = r.name,
            Status = WireNames.ParseMaintenanceStatus(r.status),
            Impact = WireNames.ParseImpact(r.impact),
            CreatedAt = Rows.Time(r.created_at),
            UpdatedAt = Rows.Time(r.updated_at),
            ScheduledFor = Rows.Time(r.scheduled_for),
            ScheduledUntil = Rows.Time(r.scheduled_until),
            StartedAt = Rows.Time(r.started_at),
            CompletedAt = Rows.Time(r.completed_at),
            AutoStart = r.auto_start != 0,
            AutoComplete = r.auto_complete != 0,
            Sequence = (int)r.sequence,
            Cancelled = r.cancelled != 0,
            ComponentIds = linksBy[r.id].Select(l => l.component_id).Order(StringComparer.Ordinal).ToList(),
            Updates = OrderUpdates(updatesBy[r.id]),
        }).ToList();
    }

    private static List<IncidentUpdate> OrderUpdates(IEnumerable<UpdateRow> rows) =>
        rows.Select(u => u.ToDomain()).OrderByDescending(u => u.DisplayAt).ThenByDescending(u => u.CreatedAt).ThenByDescending(u => u.Id, StringComparer.Ordinal).ToList();
}
