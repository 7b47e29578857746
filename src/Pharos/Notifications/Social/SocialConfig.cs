namespace Pharos.Notifications.Social;

/// <summary>The `notifications.social:` section: which channels (mastodon, x) carry updates marked for social.</summary>
public sealed record SocialConfig
{
    public IReadOnlyList<string> Channels { get; init; } = [];
}
