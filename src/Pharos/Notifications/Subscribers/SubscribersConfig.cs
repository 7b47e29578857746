namespace Pharos.Notifications.Subscribers;

/// <summary>The `notifications.subscribers:` section.</summary>
public sealed record SubscribersConfig
{
    /// <summary>Whether the public page offers the subscribe form.</summary>
    public bool Enabled { get; init; }

    /// <summary>The email channel (type email) whose SMTP server sends subscriber mail.</summary>
    public string? EmailChannel { get; init; }
}
