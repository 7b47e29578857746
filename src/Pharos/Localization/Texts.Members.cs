namespace Pharos.Localization;

/// <summary>The declarations of every text of the page and the subscriber messages; each language implements all of them.</summary>
public abstract partial class Texts
{
    public abstract string PageTitle(string site);

    public abstract string FeedTitle(string site);

    public abstract string FeedDescription(string site);

    public abstract string CalendarName(string site);

    public abstract string SkipToContent { get; }

    public abstract string SiteNavigation { get; }

    public abstract string NavStatus { get; }

    public abstract string NavHistory { get; }

    public abstract string SubscribeToUpdates { get; }

    public abstract string YourTime { get; }

    public abstract string FooterSubscribe { get; }

    public abstract string MaintenanceCalendar { get; }

    public abstract string TimesShownIn(string zones);

    public abstract string PoweredBy { get; }

    public abstract string LanguageNavigation { get; }

    public abstract string CurrentStatus { get; }

    public abstract string CurrentAsOf { get; }

    public abstract string AgoPrefix { get; }

    public abstract string AgoSuffix { get; }

    public abstract string NextRefreshPrefix { get; }

    public abstract string NextRefreshSuffix { get; }

    public abstract string ScheduledMaintenance { get; }

    public abstract string NoMaintenanceScheduled { get; }

    public abstract string PastIncidents { get; }

    public abstract string NoIncidentsReported { get; }

    public abstract string IncidentHistory { get; }

    public abstract string ImpactLabel { get; }

    public abstract string Affected { get; }

    public abstract string AllUpdates(int n);

    public abstract string EnteredAfterTheFact { get; }

    public abstract string OpenedByMonitoring { get; }

    public abstract string AffectedComponents { get; }

    public abstract string Postmortem { get; }

    public abstract string Published { get; }

    public abstract string Updates { get; }

    public abstract string MaintenanceWord { get; }

    public abstract string Cancelled { get; }

    public abstract string Uptime { get; }

    public abstract string ByLocation { get; }

    public abstract string ColumnCheck { get; }

    public abstract string ColumnLocation { get; }

    public abstract string ColumnLatest { get; }

    public abstract string ColumnAt { get; }

    public abstract string LocationSetAside { get; }

    public abstract string Passing { get; }

    public abstract string Slow { get; }

    public abstract string Failing { get; }

    public abstract string NoResultYet { get; }

    public abstract string ResponseTime { get; }

    public abstract string LastHours(int n);

    public abstract string LastDays(int n);

    public abstract string NoMaintenanceForComponent { get; }

    public abstract string IncidentsLastDays(int n);

    public abstract string NoMeasurements { get; }

    public abstract string ChartLabel(string caption, string mean, string max);

    public abstract string Mean { get; }

    public abstract string Percentile95 { get; }

    public abstract string DaysAgo(int n);

    public abstract string Today { get; }

    public abstract string UptimeFigures(string uptime30, string uptime90);

    public abstract string UptimeLabel(string uptime90, int outageDays, int incidentDays);

    public abstract string NoData { get; }

    public abstract string DayUptime(string status, string figure);

    public abstract string NothingInPeriod { get; }

    public abstract string HistoryPages { get; }

    public abstract string Newer { get; }

    public abstract string Older { get; }

    public abstract string PlannedFor { get; }

    public abstract string Lasted { get; }

    public abstract string Ongoing { get; }

    public abstract string AddedLater { get; }

    public abstract string Edited { get; }

    public abstract string BadRequest { get; }

    public abstract string BadPageNumber { get; }

    public abstract string PageNotFound { get; }

    public abstract string NothingAtAddress { get; }

    public abstract string NothingThatFarBack { get; }

    public abstract string IncidentNotFound { get; }

    public abstract string NoSuchIncident { get; }

    public abstract string MaintenanceNotFound { get; }

    public abstract string NoSuchMaintenance { get; }

    public abstract string ComponentNotFound { get; }

    public abstract string NoSuchComponent { get; }

    public abstract string BackToStatusPage { get; }

    public abstract string CancelledWindow { get; }

    public abstract string Window { get; }

    public abstract string SubscribeIntro { get; }

    public abstract string SubscriptionNotMade { get; }

    public abstract string How { get; }

    public abstract string Email { get; }

    public abstract string EmailAddress { get; }

    public abstract string EmailHelp { get; }

    public abstract string Webhook { get; }

    public abstract string WebhookUrl { get; }

    public abstract string WebhookHelp { get; }

    public abstract string Components { get; }

    public abstract string ComponentsHelp { get; }

    public abstract string OwnHostname { get; }

    public abstract string OwnHostnameHelp { get; }

    public abstract string Hostname { get; }

    public abstract string NoneOption { get; }

    public abstract string SubscribeButton { get; }

    public abstract string ConfirmHeading { get; }

    public abstract string ConfirmMessage { get; }

    public abstract string ConfirmButton { get; }

    public abstract string ConfirmedHeading { get; }

    public abstract string ConfirmedMessage { get; }

    public abstract string UnsubscribeHeading { get; }

    public abstract string UnsubscribeMessage { get; }

    public abstract string UnsubscribeButton { get; }

    public abstract string UnsubscribedHeading { get; }

    public abstract string UnsubscribedMessage { get; }

    public abstract string FormUnreadableHeading { get; }

    public abstract string FormUnreadableMessage { get; }

    public abstract string FormExpiredHeading { get; }

    public abstract string FormExpiredMessage { get; }

    public abstract string TooManyHeading { get; }

    public abstract string TooManyMessage(int minutes);

    public abstract string FullHeading { get; }

    public abstract string FullMessage { get; }

    public abstract string CheckEmailHeading { get; }

    public abstract string CheckEmailMessage { get; }

    public abstract string WebhookSubscribedHeading { get; }

    public abstract string WebhookSubscribedMessage { get; }

    public abstract string BadLinkHeading { get; }

    public abstract string BadLinkMessage { get; }

    public abstract string FieldRequired(string field);

    public abstract string FieldTooLong(string field, int max);

    public abstract string KindWebhookOnly { get; }

    public abstract string KindInvalid { get; }

    public abstract string EmailInvalid { get; }

    public abstract string NoSuchComponentField(string id);

    public abstract string HostnameInvalid { get; }

    public abstract string WebhookAnswered(int status);

    public abstract string WebhookTimedOut(int seconds);

    public abstract string WebhookUnreachable(string reason);

    public abstract string MailWhen { get; }

    public abstract string MailOpen { get; }

    public abstract string MailUnsubscribe { get; }

    public abstract string MailFooter(string site);

    public abstract string MailGrouped(int n);

    public abstract string ConfirmSubject(string site);

    public abstract string ConfirmText(string what, string site, string url);

    public abstract string AboutHostname(string hostname);

    public abstract string AboutEverything { get; }

    public abstract string AboutComponents(string names);
}
