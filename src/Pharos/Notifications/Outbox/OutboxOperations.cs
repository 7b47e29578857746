using System.Globalization;
using Dapper;
using Pharos.Audit;
using Pharos.Notifications.Channels;
using Pharos.Storage;

namespace Pharos.Notifications.Outbox;

/// <summary>
/// What an operator does to the outbox from the admin or /api/v1: re-send a dead letter, send a test message through
/// one channel. Each change and its audit row are written in one transaction, then the relay is woken.
/// </summary>
public sealed class OutboxOperations(Database db, IOutboxStore store, ChannelRegistry channels, OutboxRelay relay, TimeProvider time)
{
    /// <summary>Puts a dead letter back in the queue through its first channel; false when there is no such dead letter.</summary>
    public async Task<bool> ResendAsync(long id, Actor actor, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var entry = await store.GetAsync(id, ct).ConfigureAwait(false);
        if (entry is null || entry.Status != OutboxStatus.Dead)
        {
            return false;
        }

        var first = entry.Tried.Count > 0 ? entry.Tried[0] : entry.Channel;
        var done = await store.ResendAsync(id, now, new AuditEntry
        {
            At = now,
            Actor = actor,
            Action = "notification.resend",
            TargetType = "message",
            TargetId = id.ToString(CultureInfo.InvariantCulture),
            Summary = $"Re-sent dead letter {id} through {first} (it had failed: {entry.LastError})",
        }, ct).ConfigureAwait(false);
        if (done)
        {
            relay.Wake();
        }

        return done;
    }

    /// <summary>Enqueues a notification.test message for one channel alone, whatever the routes say; null when no channel has that id.</summary>
    public async Task<long?> SendTestAsync(string channelId, Actor actor, CancellationToken ct)
    {
        if (channels.Find(channelId) is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var notice = new Notice
        {
            Kind = EventKinds.Test,
            Severity = Severity.Info,
            SubjectType = "channel",
            SubjectId = channelId,
            Title = $"Test message through {channelId}",
            Text = $"{actor.Name} sent this test message from Pharos to check that the channel '{channelId}' reaches you. Nothing is wrong.",
            At = now,
        };
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        var noticeId = await store.AddNoticeAsync(c, tx, notice, ct).ConfigureAwait(false);
        var key = $"test:{noticeId}:{channelId}";
        await store.EnqueueAsync(c, tx, [new NewDelivery(noticeId, channelId, $"test:{channelId}", key, now)], ct).ConfigureAwait(false);
        var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT id FROM outbox WHERE idempotency_key = @key", new { key }, tx, cancellationToken: ct)).ConfigureAwait(false);
        await SqliteAuditStore.InsertAsync(c, tx, new AuditEntry
        {
            At = now,
            Actor = actor,
            Action = "notification.test",
            TargetType = "channel",
            TargetId = channelId,
            Summary = $"Sent a test message through {channelId}",
        }, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        relay.Wake();
        return id;
    }
}
