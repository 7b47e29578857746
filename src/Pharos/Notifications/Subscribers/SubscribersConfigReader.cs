using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Notifications.Subscribers;

/// <summary>Reads `notifications.subscribers:`.</summary>
internal static class SubscribersConfigReader
{
    public static SubscribersConfig Read(YamlReader r, YamlMappingNode? map, string where, HashSet<string> channels)
    {
        if (map is null)
        {
            return new SubscribersConfig();
        }

        r.RejectUnknownKeys(map, where, "enabled", "email_channel", "max_subscribers", "allow_private_webhooks", "rate_limit", "verify_timeout", "confirm_within");
        var email = r.String(map, "email_channel", where);
        if (email is not null)
        {
            NotificationsConfigReader.CheckChannels(r, YamlReader.Get(map, "email_channel"), where, [email], channels);
        }

        var defaults = new SubscribersConfig();
        var config = new SubscribersConfig
        {
            Enabled = r.Bool(map, "enabled", where) ?? true,
            EmailChannel = email,
            MaxSubscribers = r.Int(map, "max_subscribers", where, 1, 10_000_000) ?? defaults.MaxSubscribers,
            AllowPrivateWebhooks = r.Bool(map, "allow_private_webhooks", where) ?? false,
            VerifyTimeout = r.Duration(map, "verify_timeout", where, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)) ?? defaults.VerifyTimeout,
            ConfirmWithin = r.Duration(map, "confirm_within", where, TimeSpan.FromHours(1), TimeSpan.FromDays(90)) ?? defaults.ConfirmWithin,
        };
        if (r.AsMapping(YamlReader.Get(map, "rate_limit"), where + ".rate_limit") is { } rate)
        {
            r.RejectUnknownKeys(rate, where + ".rate_limit", "per_address", "window");
            config = config with
            {
                RatePerAddress = r.Int(rate, "per_address", where + ".rate_limit", 1, 100_000) ?? defaults.RatePerAddress,
                RateWindow = r.Duration(rate, "window", where + ".rate_limit", TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)) ?? defaults.RateWindow,
            };
        }

        return config;
    }
}
