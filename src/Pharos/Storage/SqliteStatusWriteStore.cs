using System.Data.Common;
using Pharos.Audit;
using Pharos.Domain;

namespace Pharos.Storage;

/// <summary>The SQLite implementation of <see cref="IStatusWriteStore"/> and <see cref="IDomainEventLog"/>.</summary>
public sealed class SqliteStatusWriteStore(Database db) : IStatusWriteStore, IDomainEventLog
{
    public Task<bool> SaveIncidentAsync(Incident? before, Incident after, AuditEntry audit, IReadOnlyList<DomainEvent> events, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            if (!await StatusRowWriter.WriteIncidentRowAsync(c, tx, before, after, ct).ConfigureAwait(false))
            {
                return false;
            }

            await StatusRowWriter.WriteIncidentChildrenAsync(c, tx, before, after, ct).ConfigureAwait(false);
            await FinishAsync(c, tx, audit, events, ct).ConfigureAwait(false);
            return true;
        }, ct);

    public Task<bool> SaveMaintenanceAsync(Maintenance? before, Maintenance after, AuditEntry audit, IReadOnlyList<DomainEvent> events, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            if (!await StatusRowWriter.WriteMaintenanceRowAsync(c, tx, before, after, ct).ConfigureAwait(false))
            {
                return false;
            }

            await StatusRowWriter.WriteMaintenanceChildrenAsync(c, tx, before, after, ct).ConfigureAwait(false);
            await FinishAsync(c, tx, audit, events, ct).ConfigureAwait(false);
            return true;
        }, ct);

    public async Task ImportAsync(IReadOnlyList<Incident> incidents, IReadOnlyList<Maintenance> maintenances, AuditEntry audit, CancellationToken ct)
    {
        var ok = await InTransactionAsync(async (c, tx) =>
        {
            foreach (var i in incidents)
            {
                if (!await StatusRowWriter.WriteIncidentRowAsync(c, tx, null, i, ct).ConfigureAwait(false))
                {
                    return false;
                }

                await StatusRowWriter.WriteIncidentChildrenAsync(c, tx, null, i, ct).ConfigureAwait(false);
            }

            foreach (var m in maintenances)
            {
                if (!await StatusRowWriter.WriteMaintenanceRowAsync(c, tx, null, m, ct).ConfigureAwait(false))
                {
                    return false;
                }

                await StatusRowWriter.WriteMaintenanceChildrenAsync(c, tx, null, m, ct).ConfigureAwait(false);
            }

            await FinishAsync(c, tx, audit, [], ct).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
        if (!ok)
        {
            throw new InvalidOperationException("The import names an incident or maintenance that already exists; nothing was imported.");
        }
    }

    public async Task<IReadOnlyList<DomainEvent>> ReadAsync(long after, int limit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await DomainEventRows.ReadAsync(c, after, limit, ct).ConfigureAwait(false);
    }

    private async Task<bool> InTransactionAsync(Func<DbConnection, DbTransaction, Task<bool>> work, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        if (!await work(c, tx).ConfigureAwait(false))
        {
            await tx.RollbackAsync(ct).ConfigureAwait(false);
            return false;
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    private static async Task FinishAsync(DbConnection c, DbTransaction tx, AuditEntry audit, IReadOnlyList<DomainEvent> events, CancellationToken ct)
    {
        await SqliteAuditStore.InsertAsync(c, tx, audit, ct).ConfigureAwait(false);
        foreach (var e in events)
        {
            await DomainEventRows.InsertAsync(c, tx, e with { Actor = audit.Actor.ToString() }, ct).ConfigureAwait(false);
        }

        await SqliteStatusStore.BumpVersionAsync(c, tx, ct).ConfigureAwait(false);
    }
}
