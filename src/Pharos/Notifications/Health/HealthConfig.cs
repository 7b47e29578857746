namespace Pharos.Notifications.Health;

/// <summary>The `notifications.health:` section: when /readyz says Pharos is not ready (and the heartbeat stops).</summary>
public sealed record HealthConfig
{
    /// <summary>Not ready when a message has waited to go out longer than this (a stuck relay, a channel failing for long).</summary>
    public TimeSpan MaxPendingAge { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Not ready when more messages than this wait to go out.</summary>
    public int MaxPending { get; init; } = 10_000;

    /// <summary>Not ready when the oldest event not yet turned into messages is older than this (a stuck router).</summary>
    public TimeSpan MaxRouterLag { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the database may take to answer a trivial query.</summary>
    public TimeSpan DatabaseTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
