using Pharos.Config;

namespace Pharos.Notifications.Channels;

/// <summary>A channel's settings from pharos.yaml; each type is a subtype that knows how to build its channel.</summary>
public abstract record ChannelConfig
{
    /// <summary>The id routes name.</summary>
    public required string Id { get; init; }

    /// <summary>The `type:` that selected this subtype.</summary>
    public abstract string Type { get; }

    /// <summary>Deliveries in flight at once through this channel (`concurrency:`).</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>How long one attempt may take before it counts as a transient failure (`timeout:`).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public abstract INotificationChannel Build(ChannelContext context);
}

/// <summary>What channels share: one HTTP client (connections reused), the clock, logging and the site.</summary>
public sealed class ChannelContext(HttpClient http, TimeProvider time, ILoggerFactory logs, SiteCatalog site)
{
    public HttpClient Http { get; } = http;

    public TimeProvider Time { get; } = time;

    public ILoggerFactory Logs { get; } = logs;

    public SiteCatalog Site { get; } = site;
}
