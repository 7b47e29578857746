using System.Net;
using Pharos.Config;
using Pharos.Hosting;
using Pharos.Notifications;
using YamlDotNet.RepresentationModel;

namespace Pharos.Demo;

/// <summary>
/// The demo's local mail and webhook sink, started before the host so that the demo's `notifications:` can point
/// at its ports: operators' alerts (check, failover, incident, maintenance, undeliverable) go to an email and a
/// webhook channel, and subscriber mail to the same mail server; the admin's Demo inbox shows what arrived.
/// </summary>
public sealed partial class DemoSink : IAsyncDisposable
{
    public const string EmailChannel = "demo-email";
    public const string WebhookChannel = "demo-webhook";

    private DemoSink(DemoInbox inbox, DemoSmtpSink smtp, DemoWebhookSink webhook)
    {
        Inbox = inbox;
        Smtp = smtp;
        Webhook = webhook;
    }

    public DemoInbox Inbox { get; }

    public DemoSmtpSink Smtp { get; }

    public DemoWebhookSink Webhook { get; }

    /// <summary>Listens on free ports of 127.0.0.1.</summary>
    public static async Task<DemoSink> StartAsync(CancellationToken ct)
    {
        var inbox = new DemoInbox(TimeProvider.System);
        var smtp = DemoSmtpSink.Start(IPAddress.Loopback, inbox);
        try
        {
            return new DemoSink(inbox, smtp, await DemoWebhookSink.StartAsync(IPAddress.Loopback, inbox, ct).ConfigureAwait(false));
        }
        catch
        {
            await smtp.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The demo's `notifications:` section, as pharos.yaml would say it, for the sink's ports.</summary>
    public string Yaml(SiteCatalog site) => $"""
        notifications:
          channels:
            - id: {EmailChannel}
              type: email
              host: 127.0.0.1
              port: {Smtp.Endpoint.Port}
              tls: none
              from: status@{Host(site)}
              to: [oncall@{Host(site)}]
            - id: {WebhookChannel}
              type: webhook
              url: {new Uri(Webhook.Address, "hooks/operators").AbsoluteUri}
          routes:
            - id: demo-operators
              events: [check.*, failover.*, heartbeat.silent, certificate.expiring, storage.write_failed, incident.*, maintenance.*, notification.undeliverable]
              channels: [{EmailChannel}, {WebhookChannel}]
          subscribers:
            email_channel: {EmailChannel}
        """;

    /// <summary>
    /// The config with the demo's notifications, unless it configures channels of its own. Null with the problems
    /// when the section does not load (a channel type this build lacks): the demo then runs without notifications.
    /// </summary>
    public (PharosConfig Config, IReadOnlyList<ConfigError> Errors) Configure(PharosConfig config)
    {
        if (config.Notifications.Channels.Count > 0)
        {
            return (config, []);
        }

        const string file = "the demo's notifications (generated)";
        var stream = new YamlStream();
        stream.Load(new StringReader(Yaml(config)));
        var errors = new List<ConfigError>();
        var read = NotificationsConfigReader.Read(new YamlReader(file, errors), (YamlMappingNode)stream.Documents[0].RootNode, config.Site.TimeZone);
        return errors.Count > 0 ? (config, errors) : (config with { Notifications = read }, []);
    }

    public async ValueTask DisposeAsync()
    {
        await Webhook.DisposeAsync().ConfigureAwait(false);
        await Smtp.DisposeAsync().ConfigureAwait(false);
    }

    private static string Host(SiteCatalog site) => site.Site.PublicUrl.Host is { Length: > 0 } h && !IPAddress.TryParse(h, out _) ? h : "pharos.demo";

    [LoggerMessage(EventId = 9322, Level = LogLevel.Information, Message = "Demo mail sink on smtp://{Smtp}, webhook sink on {Webhook}; what arrives is listed at /admin/demo/inbox")]
    public static partial void LogListening(ILogger logger, string smtp, string webhook);

    [LoggerMessage(EventId = 9323, Level = LogLevel.Warning, Message = "The demo's notifications could not be configured, so the demo runs without them: {Problems}")]
    public static partial void LogNotConfigured(ILogger logger, string problems);
}
