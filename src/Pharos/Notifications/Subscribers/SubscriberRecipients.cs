using Pharos.Notifications.Channels;
using Pharos.Notifications.Outbox;

namespace Pharos.Notifications.Subscribers;

/// <summary>
/// Turns the subscriber ids of claimed deliveries into addresses in one query, each with its signed one-click
/// unsubscribe link. A subscriber who left (or was removed) is missing, so the relay cancels what was still queued.
/// Unconfirmed subscribers are found too: their only deliveries are the confirmation messages, since the fanout
/// enqueues updates for confirmed subscribers only.
/// </summary>
public sealed class SubscriberRecipients(SqliteSubscriberStore store, SubscriberLinks links) : IRecipientResolver
{
    public async Task<IReadOnlyDictionary<string, Recipient>> ResolveAsync(IReadOnlyCollection<string> subscriberIds, CancellationToken ct)
    {
        var live = await store.LiveAsync(subscriberIds, ct).ConfigureAwait(false);
        return live.ToDictionary(s => s.Id, s => new Recipient(s.Id, s.Address, links.Unsubscribe(s.Id), s.Language), StringComparer.Ordinal);
    }
}

/// <summary>The signed links of a subscription: confirming it and leaving it. The signature is the permission.</summary>
public sealed class SubscriberLinks(NotificationLinks links)
{
    public const string ConfirmPurpose = "confirm";
    public const string UnsubscribePurpose = "unsubscribe";

    public Uri Confirm(string id) => links.Link($"subscribe/confirm/{id}", ConfirmPurpose, id);

    public Uri Unsubscribe(string id) => links.Link($"unsubscribe/{id}", UnsubscribePurpose, id);

    public bool VerifyConfirm(string id, string? sig) => links.Verify(ConfirmPurpose, id, sig);

    public bool VerifyUnsubscribe(string id, string? sig) => links.Verify(UnsubscribePurpose, id, sig);
}
