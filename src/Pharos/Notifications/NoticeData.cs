namespace Pharos.Notifications;

/// <summary>Well-known keys of <see cref="Notice.Data"/>.</summary>
public static class NoticeData
{
    /// <summary>Present when the notice opened an alert that escalates: channels add an acknowledge link.</summary>
    public const string Escalates = "escalates";

    public const string Status = "status";
    public const string Name = "name";
    public const string Error = "error";

    /// <summary>Channels already tried, on an undeliverable notice: it must go another way.</summary>
    public const string Tried = "tried";

    /// <summary>Set on incident and maintenance updates marked to be posted to Mastodon and X.</summary>
    public const string Social = "social";

    /// <summary>The incident's or maintenance's components, comma-separated ids, for subscribers' choices.</summary>
    public const string Components = "components";

    /// <summary>The wire name of the update's status (investigating, resolved…), so each subscriber's message can say it in their language.</summary>
    public const string UpdateStatus = "update_status";

    /// <summary>"true" when the update is a postscript added to a resolved incident or a finished maintenance.</summary>
    public const string AddedLater = "added_later";

    /// <summary>When the update's text was last corrected (round-trip ISO 8601); absent when never.</summary>
    public const string EditedAt = "edited_at";
}
