using Pharos.Cluster;
using Pharos.Config;
using Pharos.Notifications.Alerts;
using Pharos.Notifications.Channels;
using Pharos.Notifications.Health;
using Pharos.Notifications.Outbox;
using Pharos.Notifications.Routing;
using Pharos.Notifications.Social;
using Pharos.Notifications.Subscribers;
using Pharos.Writes;

namespace Pharos.Notifications;

/// <summary>Registers the outbox, its relay, the event router, the configured channels, status subscribers and the alert sink.</summary>
public static class NotificationsRegistration
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, NotificationsConfig config)
    {
        services.AddSingleton(config);
        services.AddSingleton<SqliteOutboxStore>();
        services.AddSingleton<IOutboxStore>(sp => sp.GetRequiredService<SqliteOutboxStore>());
        services.AddSingleton<NotificationLinks>();
        services.AddSingleton<NoticeBuilder>();
        services.AddSingleton<AlertService>();
        services.AddSubscribers(config.Subscribers);
        services.AddSingleton<IEventFanout, SocialFanout>();
        services.AddSingleton(sp => new ChannelContext(
            new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<SiteCatalog>()));
        foreach (var channel in config.Channels)
        {
            services.AddSingleton<INotificationChannel>(sp => channel.Build(sp.GetRequiredService<ChannelContext>()));
        }

        services.AddSingleton<ChannelRegistry>();
        services.AddSingleton<RelayMetrics>();
        services.AddSingleton<OutboxRelay>();
        services.AddSingleton<EventRouter>();
        services.AddSingleton<IAfterCommit>(sp => sp.GetRequiredService<EventRouter>());
        services.AddSingleton(sp => new Lazy<EventRouter>(sp.GetRequiredService<EventRouter>));
        services.AddSingleton<IAlertSink, SqliteAlertSink>();
        services.AddLeaderOnly<OutboxRelay>();
        services.AddLeaderOnly<EventRouter>();
        services.AddSingleton<OutboxOperations>();
        services.AddSingleton<ReadinessProbe>();
        services.AddSingleton<SelfHeartbeat>();
        services.AddHostedService(sp => sp.GetRequiredService<SelfHeartbeat>());
        return services;
    }

    /// <summary>Loads the signing key; runs after migrations, before the host starts.</summary>
    public static Task PrepareNotificationsAsync(this IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<NotificationLinks>().InitializeAsync(ct);
}
