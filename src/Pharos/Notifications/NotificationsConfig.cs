using Pharos.Notifications.Channels;
using Pharos.Notifications.Health;
using Pharos.Notifications.Routing;
using Pharos.Notifications.Social;
using Pharos.Notifications.Subscribers;

namespace Pharos.Notifications;

/// <summary>The `notifications:` section: channels, routes and how the relay retries.</summary>
public sealed record NotificationsConfig
{
    public IReadOnlyList<ChannelConfig> Channels { get; init; } = [];

    public IReadOnlyList<RouteConfig> Routes { get; init; } = [];

    public RelayOptions Relay { get; init; } = new();

    /// <summary>Where "this message could not be delivered" goes when no route takes notification.undeliverable.</summary>
    public IReadOnlyList<string> Undeliverable { get; init; } = [];

    /// <summary>The public subscribe form and what subscribers receive (`subscribers:`).</summary>
    public SubscribersConfig Subscribers { get; init; } = new();

    /// <summary>Mastodon and X posts of incident updates (`social:`).</summary>
    public SocialConfig Social { get; init; } = new();

    /// <summary>Pharos's own outgoing heartbeat (`heartbeat:`), for a dead man's switch elsewhere.</summary>
    public SelfHeartbeatConfig Heartbeat { get; init; } = new();

    /// <summary>When /readyz says not ready (`health:`): relay backlog and router lag thresholds.</summary>
    public HealthConfig Health { get; init; } = new();
}

/// <summary>How the relay retries: exponential backoff with full jitter between <see cref="BaseDelay"/> and <see cref="MaxDelay"/>.</summary>
public sealed record RelayOptions
{
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Attempts through one channel before the message moves to the next fallback.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>Messages claimed at once; also the most in flight.</summary>
    public int Batch { get; init; } = 256;

    /// <summary>A claimed message not finished in this time is free to be claimed again (a crashed sender).</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the relay looks for due messages when nothing woke it.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The delay before attempt <paramref name="attempt"/>+1: full jitter over an exponential ceiling.</summary>
    public TimeSpan Backoff(int attempt, double random)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1)));
        // Half fixed, half random: spreads retries of a burst without ever retrying at once.
        return TimeSpan.FromMilliseconds(ceiling / 2 + random * ceiling / 2);
    }
}
