namespace Pharos.Notifications.Subscribers;

/// <summary>The two ways to subscribe.</summary>
public static class SubscriberKinds
{
    public const string Email = "email";
    public const string Webhook = "webhook";

    /// <summary>The built-in channel that delivers to webhook subscribers (Statuspage's subscriber-webhook shape).</summary>
    public const string WebhookChannel = "subscribers-webhook";
}

/// <summary>One subscription as the admin and the API see it.</summary>
public sealed record Subscriber
{
    public required string Id { get; init; }

    /// <summary><see cref="SubscriberKinds.Email"/> or <see cref="SubscriberKinds.Webhook"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The email address or the webhook URL, as given.</summary>
    public required string Address { get; init; }

    /// <summary>A merchant's custom hostname: then only checks of that hostname are sent.</summary>
    public string? Hostname { get; init; }

    public string Language { get; init; } = "en";

    /// <summary>The components chosen; empty means all.</summary>
    public IReadOnlyList<string> Components { get; init; } = [];

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ConfirmedAt { get; init; }

    public DateTimeOffset? UnsubscribedAt { get; init; }

    public string State => UnsubscribedAt is not null ? SubscriberStates.Unsubscribed : ConfirmedAt is not null ? SubscriberStates.Active : SubscriberStates.Unconfirmed;
}

/// <summary>Where a subscription stands.</summary>
public static class SubscriberStates
{
    /// <summary>Waiting for the email's confirmation link.</summary>
    public const string Unconfirmed = "unconfirmed";

    /// <summary>Receives messages.</summary>
    public const string Active = "active";

    public const string Unsubscribed = "unsubscribed";

    public static readonly IReadOnlyList<string> All = [Unconfirmed, Active, Unsubscribed];
}

/// <summary>How many subscriptions are in each state.</summary>
public sealed record SubscriberCounts(long Unconfirmed, long Active, long Unsubscribed)
{
    public long Live => Unconfirmed + Active;
}

/// <summary>The custom hostnames a merchant may subscribe to (those of the `hostnames` checks), supplied by the host.</summary>
public interface ISubscriberHostnames
{
    IReadOnlyList<string> Hostnames { get; }
}

/// <summary>A fixed list of hostnames; empty when no check has a `hostnames` list.</summary>
public sealed class FixedSubscriberHostnames(IEnumerable<string> hostnames) : ISubscriberHostnames
{
    public IReadOnlyList<string> Hostnames { get; } = hostnames.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
}
