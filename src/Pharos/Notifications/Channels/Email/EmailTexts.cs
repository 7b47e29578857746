using Pharos.Domain;
using Pharos.Localization;

namespace Pharos.Notifications.Channels.Email;

/// <summary>
/// The words an email uses around the notice's own text: a subscriber's in the language they subscribed in (from
/// <see cref="Texts"/>), an operator's alert in English.
/// </summary>
public sealed record EmailTexts
{
    public static readonly EmailTexts English = Of(Texts.English);

    private static readonly Dictionary<string, EmailTexts> ByLanguage =
        Languages.Supported.ToDictionary(c => c, c => Of(Texts.For(c)), StringComparer.Ordinal);

    /// <summary>All the words of the language, for what an email says beyond these.</summary>
    public required Texts Words { get; init; }

    public string When => Words.MailWhen;

    public string Open => Words.MailOpen;

    public string Unsubscribe => Words.MailUnsubscribe;

    public string Acknowledge { get; init; } = "Acknowledge this alert";

    public string AcknowledgeHint { get; init; } = "Acknowledging stops the escalation to the next channel.";

    public string OperatorFooter { get; init; } = "Sent by Pharos for {0}.";

    public string SubscriberFooter(string site) => Words.MailFooter(site);

    public string GroupedIntro(int count) => Words.MailGrouped(count);

    /// <summary>
    /// A notice's title in these words: an incident's or maintenance's update is "status: name" in the reader's
    /// language; anything else keeps the title it was written with.
    /// </summary>
    public string TitleOf(Notice n)
    {
        if (!n.Data.TryGetValue(NoticeData.Name, out var name))
        {
            return n.Title;
        }

        if (n.Kind == "incident.postmortem_published")
        {
            return $"{Words.Postmortem}: {name}";
        }

        var status = n.Data.GetValueOrDefault(NoticeData.UpdateStatus);
        foreach (var s in Enum.GetValues<UpdateStatus>())
        {
            if (WireNames.Of(s) == status)
            {
                return $"{Words.Update(s)}: {name}";
            }
        }

        return n.Title;
    }

    /// <summary>The texts for a site or subscriber language; English for one there are no texts for.</summary>
    public static EmailTexts For(string? language) => language is not null && ByLanguage.TryGetValue(language, out var t) ? t : English;

    private static EmailTexts Of(Texts words) => new() { Words = words };
}
