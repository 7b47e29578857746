using Pharos.Domain;
using Pharos.Notifications.Routing;
using Pharos.Storage;

namespace Pharos.Notifications.Alerts;

/// <summary>Appends an operational event to the log in its own transaction and wakes the router.</summary>
public sealed class SqliteAlertSink(Database db, Lazy<EventRouter> router) : IAlertSink
{
    public async Task RaiseAsync(DomainEvent e, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        await DomainEventRows.InsertAsync(c, tx, e, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        router.Value.Wake();
    }
}
