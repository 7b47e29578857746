using Pharos.Notifications.Channels;
using Pharos.Notifications.Outbox;

namespace Pharos.Notifications.Subscribers;

/// <summary>
/// Turns the subscriber ids of claimed deliveries into addresses in one query, each with its signed one-click
/// unsubscribe link. A subscriber who left (or was removed) is missing, so the relay cancels what was still queued.
/// Unconfirmed subscribers are found too: their only deliveries are the confirmation messages, since the fanout
/// enqueues updates for confirmed subscribers only.
/// </summary>
public sealed class SubscriberRecipients(SqliteSubscriberStore store, SubscriberLinks links, Config.SiteCatalog site) : IRecipientResolver
{
    public async Task<IReadOnlyDictionary<string, Recipient>> ResolveAsync(IReadOnlyCollection<string> subscriberIds, CancellationToken ct)
    {
        var live = await store.LiveAsync(subscriberIds, ct).ConfigureAwait(false);
        return live.ToDictionary(s => s.Id, s => new Recipient(s.Id, s.Address, links.Unsubscribe(s.Id, s.Language == site.Site.Language ? null : s.Language), s.Language), StringComparer.Ordinal);
    }
}

/// <summary>The signed links of a subscription: confirming it and leaving it. The signature is the permission.</summary>
public sealed class SubscriberLinks(NotificationLinks links)
{
    public const string ConfirmPurpose = "confirm";
    public const string UnsubscribePurpose = "unsubscribe";

    /// <summary>The confirmation link; with a language, its address names it ("de/subscribe/confirm/…") so the page speaks it.</summary>
    public Uri Confirm(string id, string? language = null) => links.Link($"{Prefix(language)}subscribe/confirm/{id}", ConfirmPurpose, id);

    public Uri Unsubscribe(string id, string? language = null) => links.Link($"{Prefix(language)}unsubscribe/{id}", UnsubscribePurpose, id);

    private static string Prefix(string? language) => language is null ? "" : language + "/";

    public bool VerifyConfirm(string id, string? sig) => links.Verify(ConfirmPurpose, id, sig);

    public bool VerifyUnsubscribe(string id, string? sig) => links.Verify(UnsubscribePurpose, id, sig);
}
