using Microsoft.Extensions.DependencyInjection.Extensions;
using Pharos.Notifications.Channels;
using Pharos.Notifications.Outbox;

namespace Pharos.Notifications.Subscribers;

/// <summary>Registers status subscribers: their store, the subscribe service, the fanout, the recipient resolver and the webhook channel.</summary>
public static class SubscribersRegistration
{
    public static IServiceCollection AddSubscribers(this IServiceCollection services, SubscribersConfig config)
    {
        services.AddSingleton(config);
        services.AddSingleton<SqliteSubscriberStore>();
        services.AddSingleton<SubscriberLinks>();
        services.AddSingleton<WebhookTargets>();
        services.AddSingleton<SubscribeThrottle>();
        services.AddSingleton<SubscriptionService>();
        services.AddSingleton<SubscriberAdmin>();
        // The host supplies the hostnames of the `hostnames` checks; without it there are none to choose.
        services.TryAddSingleton<ISubscriberHostnames>(new FixedSubscriberHostnames([]));
        services.AddSingleton<IRecipientResolver, SubscriberRecipients>();
        services.AddSingleton<IEventFanout, SubscriberFanout>();
        services.AddSingleton<INotificationChannel, SubscriberWebhookChannel>();
        return services;
    }
}
