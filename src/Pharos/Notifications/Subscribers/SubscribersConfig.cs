namespace Pharos.Notifications.Subscribers;

/// <summary>The `notifications.subscribers:` section.</summary>
public sealed record SubscribersConfig
{
    /// <summary>Whether the public page offers the subscribe form.</summary>
    public bool Enabled { get; init; }

    /// <summary>The email channel (type email) whose SMTP server sends subscriber mail; without it only webhooks are offered.</summary>
    public string? EmailChannel { get; init; }

    /// <summary>Live subscriptions (confirmed or waiting for confirmation) at most; the form refuses more.</summary>
    public int MaxSubscribers { get; init; } = 100_000;

    /// <summary>
    /// Lets webhook URLs point at loopback, private and link-local addresses. Off by default: otherwise anyone on the
    /// internet could make Pharos call services inside its own network (SSRF). Tests and the demo turn it on.
    /// </summary>
    public bool AllowPrivateWebhooks { get; init; }

    /// <summary>Subscribe forms accepted from one client address (an IPv6 /64) per <see cref="RateWindow"/>.</summary>
    public int RatePerAddress { get; init; } = 5;

    public TimeSpan RateWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long the webhook verification call may take.</summary>
    public TimeSpan VerifyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>An email subscription not confirmed within this time is forgotten (and no longer counts).</summary>
    public TimeSpan ConfirmWithin { get; init; } = TimeSpan.FromDays(7);
}
