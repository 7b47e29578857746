namespace Pharos.Notifications.Channels;

/// <summary>
/// A way to reach people: SMTP, a webhook, Slack, PagerDuty… Each is built from its configuration once and used by
/// the relay from several tasks at once, up to <see cref="Concurrency"/>.
/// </summary>
public interface INotificationChannel
{
    /// <summary>The id routes name in pharos.yaml.</summary>
    string Id { get; }

    /// <summary>email, webhook, slack…</summary>
    string Type { get; }

    /// <summary>How many deliveries may be in flight at once through this channel.</summary>
    int Concurrency { get; }

    /// <summary>Delivers or says why not; throws only when cancelled (any other exception counts as a transient failure).</summary>
    Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken ct);
}
