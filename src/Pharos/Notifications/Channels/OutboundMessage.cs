namespace Pharos.Notifications.Channels;

/// <summary>One delivery handed to a channel: the notice, to whom, and the key that lets the receiver drop repeats.</summary>
public sealed record OutboundMessage
{
    /// <summary>The outbox row's id.</summary>
    public required long Id { get; init; }

    /// <summary>Stable across every attempt and fallback of this delivery; sent as Message-ID or an Idempotency-Key header.</summary>
    public required string IdempotencyKey { get; init; }

    public required Notice Notice { get; init; }

    /// <summary>Other notices of a burst sent in this one message (a route's `group`), oldest first; empty when alone.</summary>
    public IReadOnlyList<Notice> Grouped { get; init; } = [];

    /// <summary>A subscriber's address (email or webhook URL) when the message is for one; null for an operator channel's own targets.</summary>
    public Recipient? Recipient { get; init; }

    /// <summary>1 for the first attempt.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>A signed link that acknowledges the alert, when the message opened one that escalates.</summary>
    public Uri? AcknowledgeUrl { get; init; }

    /// <summary>Every notice this message carries, oldest first.</summary>
    public IEnumerable<Notice> All => Grouped.Count == 0 ? [Notice] : Grouped;
}

/// <summary>A status subscriber as a channel sees it.</summary>
/// <param name="SubscriberId">The subscriber's id.</param>
/// <param name="Address">An email address or a webhook URL.</param>
/// <param name="UnsubscribeUrl">The one-click unsubscribe link (RFC 8058), signed.</param>
/// <param name="Language">The site language the subscriber reads.</param>
public sealed record Recipient(string SubscriberId, string Address, Uri UnsubscribeUrl, string Language = "en");
