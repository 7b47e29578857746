namespace Pharos.Notifications.Channels.Email;

/// <summary>
/// The words an email uses around the notice's own text, in one place so another language is one more instance.
/// </summary>
public sealed record EmailTexts
{
    public static readonly EmailTexts English = new();

    public string When { get; init; } = "When";

    public string Open { get; init; } = "Open";

    public string Acknowledge { get; init; } = "Acknowledge this alert";

    public string AcknowledgeHint { get; init; } = "Acknowledging stops the escalation to the next channel.";

    public string Unsubscribe { get; init; } = "Unsubscribe";

    public string SubscriberFooter { get; init; } = "You receive this because you subscribed to updates from {0}.";

    public string OperatorFooter { get; init; } = "Sent by Pharos for {0}.";

    public string GroupedIntro { get; init; } = "{0} notifications in this message:";

    /// <summary>The texts for a site or subscriber language; English until others are added.</summary>
    public static EmailTexts For(string? language) => English;
}
