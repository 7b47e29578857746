using System.Data.Common;
using Dapper;
using Pharos.Domain;

namespace Pharos.Storage;

/// <summary>The implementation of <see cref="IStatusStore"/> for both dialects (the name is from when SQLite was the only one).</summary>
public sealed class SqliteStatusStore(Database db) : IStatusStore
{
    private const string OpenIncidentStatuses = "('investigating', 'identified', 'monitoring')";

    /// <summary>The database it reads, for the write store and tools that work on the same file.</summary>
    public Database Database => db;

    public Task MigrateAsync(CancellationToken ct) => db.MigrateAsync(ct);

    public async Task<long> GetDataVersionAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT version FROM data_version WHERE id = 1", cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<StatusData> LoadAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        // One read transaction: the version and the rows it describes come from the same instant.
        await using var tx = await db.BeginReadAsync(c, ct).ConfigureAwait(false);
        var p = new { since = Rows.Ms(since) };
        var version = await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT version FROM data_version WHERE id = 1", transaction: tx, cancellationToken: ct)).ConfigureAwait(false);

        var incidentFilter = $"(i.started_at >= @since OR i.resolved_at >= @since OR i.status IN {OpenIncidentStatuses})";
        var incidents = await c.QueryAsync<IncidentRow>(new CommandDefinition($"SELECT i.* FROM incidents i WHERE {incidentFilter}", p, tx, cancellationToken: ct)).ConfigureAwait(false);
        var incidentLinks = await c.QueryAsync<LinkRow>(new CommandDefinition(
            $"SELECT l.incident_id AS parent_id, l.component_id, l.status FROM incident_components l JOIN incidents i ON i.id = l.incident_id WHERE {incidentFilter}", p, tx, cancellationToken: ct)).ConfigureAwait(false);
        var incidentUpdates = await c.QueryAsync<UpdateRow>(new CommandDefinition(
            $"SELECT u.id, u.incident_id AS parent_id, u.status, u.body, u.created_at, u.updated_at, u.display_at, u.component_changes, u.social, u.added_later, u.edited_at FROM incident_updates u JOIN incidents i ON i.id = u.incident_id WHERE {incidentFilter}", p, tx, cancellationToken: ct)).ConfigureAwait(false);

        var maintenanceFilter = "(m.scheduled_until >= @since OR m.status <> 'completed')";
        var maintenances = await c.QueryAsync<MaintenanceRow>(new CommandDefinition($"SELECT m.* FROM maintenances m WHERE {maintenanceFilter}", p, tx, cancellationToken: ct)).ConfigureAwait(false);
        var maintenanceLinks = await c.QueryAsync<LinkRow>(new CommandDefinition(
            $"SELECT l.maintenance_id AS parent_id, l.component_id FROM maintenance_components l JOIN maintenances m ON m.id = l.maintenance_id WHERE {maintenanceFilter}", p, tx, cancellationToken: ct)).ConfigureAwait(false);
        var maintenanceUpdates = await c.QueryAsync<UpdateRow>(new CommandDefinition(
            $"SELECT u.id, u.maintenance_id AS parent_id, u.status, u.body, u.created_at, u.updated_at, u.display_at, u.component_changes, u.social, u.added_later, u.edited_at FROM maintenance_updates u JOIN maintenances m ON m.id = u.maintenance_id WHERE {maintenanceFilter}", p, tx, cancellationToken: ct)).ConfigureAwait(false);
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
        var updates = await c.QueryAsync<UpdateRow>(new CommandDefinition("SELECT id, incident_id AS parent_id, status, body, created_at, updated_at, display_at, component_changes, social, added_later, edited_at FROM incident_updates WHERE incident_id = @id", p, cancellationToken: ct)).ConfigureAwait(false);
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
        var updates = await c.QueryAsync<UpdateRow>(new CommandDefinition("SELECT id, maintenance_id AS parent_id, status, body, created_at, updated_at, display_at, component_changes, social, added_later, edited_at FROM maintenance_updates WHERE maintenance_id = @id", p, cancellationToken: ct)).ConfigureAwait(false);
        return Assemble([row], links, updates)[0];
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
            Revision = (int)r.revision,
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
            Revision = (int)r.revision,
            FailoverPolicy = r.failover_policy,
            ComponentIds = linksBy[r.id].Select(l => l.component_id).Order(StringComparer.Ordinal).ToList(),
            Updates = OrderUpdates(updatesBy[r.id]),
        }).ToList();
    }

    private static List<IncidentUpdate> OrderUpdates(IEnumerable<UpdateRow> rows) =>
        rows.Select(u => u.ToDomain()).OrderByDescending(u => u.DisplayAt).ThenByDescending(u => u.CreatedAt).ThenByDescending(u => u.Id, StringComparer.Ordinal).ToList();
}
