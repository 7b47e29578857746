namespace Pharos.Notifications.Health;

/// <summary>The `notifications.heartbeat:` section: a URL Pharos calls on an interval while it is healthy.</summary>
public sealed record SelfHeartbeatConfig
{
    public Uri? Url { get; init; }

    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);
}
