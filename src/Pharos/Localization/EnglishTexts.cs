using Pharos.Domain;

namespace Pharos.Localization;

/// <summary>English: the page's original words.</summary>
public sealed class EnglishTexts : Texts
{
    public override string Code => "en";
    public override string NativeName => "English";
    public override string MediumDatePattern => "MMM d, uuuu";

    // The English words are the domain's own labels (alerts and emails use them too): one list, not two.
    public override string Status(ComponentStatus s) => Labels.Of(s);

    public override string Banner(PageIndicator i) => Labels.Banner(i);

    public override string Impact(IncidentImpact i) => Labels.Of(i);

    public override string Update(UpdateStatus s) => Labels.OfUpdate(s);

    public override string Days(long n) => Count(n, "{0} day", "{0} days");
    public override string Hours(long n) => Count(n, "{0} hour", "{0} hours");

    public override string PageTitle(string site) => $"{site} status";
    public override string FeedTitle(string site) => $"{site} incident history";
    public override string FeedDescription(string site) => $"Incidents, maintenance and their updates for {site}";
    public override string CalendarName(string site) => $"{site} maintenance";
    public override string SkipToContent => "Skip to content";
    public override string SiteNavigation => "Site";
    public override string NavStatus => "Status";
    public override string NavHistory => "History";
    public override string SubscribeToUpdates => "Subscribe to updates";
    public override string YourTime => "Your time";
    public override string FooterSubscribe => "Subscribe:";
    public override string MaintenanceCalendar => "Maintenance calendar";
    public override string TimesShownIn(string zones) => $"Times are shown in {zones} and in UTC.";
    public override string PoweredBy => "Powered by Pharos.";
    public override string LanguageNavigation => "Language";
    public override string CurrentStatus => "Current status";
    public override string CurrentAsOf => "Statuses current as of";
    public override string AgoPrefix => "(";
    public override string AgoSuffix => " seconds ago)";
    public override string NextRefreshPrefix => "next refresh in";
    public override string NextRefreshSuffix => "seconds";
    public override string ScheduledMaintenance => "Scheduled maintenance";
    public override string NoMaintenanceScheduled => "No maintenance is scheduled.";
    public override string PastIncidents => "Past incidents";
    public override string NoIncidentsReported => "No incidents reported.";
    public override string IncidentHistory => "Incident history";
    public override string ImpactLabel => "Impact";
    public override string Affected => "Affected";
    public override string AllUpdates(int n) => Count(n, "{0} update", "All {0} updates");
    public override string EnteredAfterTheFact => "entered after the fact";
    public override string OpenedByMonitoring => "opened automatically by monitoring";
    public override string AffectedComponents => "Affected components";
    public override string Postmortem => "Postmortem";
    public override string Published => "Published";
    public override string Updates => "Updates";
    public override string MaintenanceWord => "Maintenance";
    public override string Cancelled => "cancelled";
    public override string Uptime => "Uptime";
    public override string ByLocation => "By location";
    public override string ColumnCheck => "Check";
    public override string ColumnLocation => "Location";
    public override string ColumnLatest => "Latest result";
    public override string ColumnAt => "At";
    public override string LocationSetAside => "set aside: this location cannot reach anything";
    public override string Passing => "Passing";
    public override string Slow => "Slow";
    public override string Failing => "Failing";
    public override string NoResultYet => "No result yet";
    public override string ResponseTime => "Response time";
    public override string LastHours(int n) => Count(n, "Last hour", "Last {0} hours");
    public override string LastDays(int n) => Count(n, "Last day", "Last {0} days");
    public override string NoMaintenanceForComponent => "No maintenance is scheduled for this component.";
    public override string IncidentsLastDays(int n) => Count(n, "Incidents in the last day", "Incidents in the last {0} days");
    public override string NoMeasurements => "No measurements in this period.";
    public override string ChartLabel(string caption, string mean, string max) => $"{caption}: mean response time {mean} ms, scale up to {max} ms";
    public override string Mean => "Mean";
    public override string Percentile95 => "95th percentile";
    public override string DaysAgo(int n) => Count(n, "{0} day ago", "{0} days ago");
    public override string Today => "Today";
    public override string UptimeFigures(string uptime30, string uptime90) => $"{uptime30} % uptime over 30 days · {uptime90} % over 90 days";
    public override string UptimeLabel(string uptime90, int outageDays, int incidentDays) =>
        $"Uptime over the last 90 days: {uptime90} %; {Count(outageDays, "{0} day with an outage", "{0} days with an outage")}, {Count(incidentDays, "{0} day with incidents", "{0} days with incidents")}";
    public override string NoData => "No data";
    public override string DayUptime(string status, string figure) => $"{status}, {figure} % uptime";
    public override string NothingInPeriod => "No incidents or maintenance in this period.";
    public override string HistoryPages => "History pages";
    public override string Newer => "Newer";
    public override string Older => "Older";
    public override string PlannedFor => "planned for";
    public override string Lasted => "lasted";
    public override string Ongoing => "ongoing";
    public override string AddedLater => "Added later";
    public override string Edited => "Edited";
    public override string BadRequest => "Bad request";
    public override string BadPageNumber => "The page number must be a whole number of 1 or more.";
    public override string PageNotFound => "Page not found";
    public override string NothingAtAddress => "There is nothing at this address.";
    public override string NothingThatFarBack => "There are no incidents that far back.";
    public override string IncidentNotFound => "Incident not found";
    public override string NoSuchIncident => "There is no incident with this address.";
    public override string MaintenanceNotFound => "Maintenance not found";
    public override string NoSuchMaintenance => "There is no maintenance with this address.";
    public override string ComponentNotFound => "Component not found";
    public override string NoSuchComponent => "There is no component with this address.";
    public override string BackToStatusPage => "Back to the status page";
    public override string CancelledWindow => "Cancelled window";
    public override string Window => "Window";
    public override string SubscribeIntro => "Get a message when an incident is posted or updated and when maintenance is scheduled.";
    public override string SubscriptionNotMade => "The subscription was not made:";
    public override string How => "How";
    public override string Email => "Email";
    public override string EmailAddress => "Email address";
    public override string EmailHelp => "We send a link to confirm first.";
    public override string Webhook => "Webhook";
    public override string WebhookUrl => "Webhook URL";
    public override string WebhookHelp => "We POST a verification call now; answer it with 2xx. Messages use Statuspage's webhook format.";
    public override string Components => "Components";
    public override string ComponentsHelp => "Choose none to hear about everything.";
    public override string OwnHostname => "Or your own hostname";
    public override string OwnHostnameHelp => "Merchants: hear only about your own domain's checks.";
    public override string Hostname => "Hostname";
    public override string NoneOption => "(none)";
    public override string SubscribeButton => "Subscribe";
    public override string ConfirmHeading => "Confirm your subscription";
    public override string ConfirmMessage => "Press the button to start receiving updates.";
    public override string ConfirmButton => "Confirm subscription";
    public override string ConfirmedHeading => "Subscription confirmed";
    public override string ConfirmedMessage => "You will receive updates from this status page. Every message has a link to unsubscribe.";
    public override string UnsubscribeHeading => "Unsubscribe";
    public override string UnsubscribeMessage => "Press the button to stop receiving updates from this status page.";
    public override string UnsubscribeButton => "Unsubscribe";
    public override string UnsubscribedHeading => "Unsubscribed";
    public override string UnsubscribedMessage => "You will receive no more updates from this status page.";
    public override string FormUnreadableHeading => "The form could not be read";
    public override string FormUnreadableMessage => "Go back, reload the page and try again.";
    public override string FormExpiredHeading => "The form had expired";
    public override string FormExpiredMessage => "The form had expired or did not come from this site. Go back, reload the page and try again.";
    public override string TooManyHeading => "Too many subscriptions";
    public override string TooManyMessage(int minutes) => Count(minutes, "Too many subscribe forms came from your network. Try again in {0} minute.", "Too many subscribe forms came from your network. Try again in {0} minutes.");
    public override string FullHeading => "Subscriptions are full";
    public override string FullMessage => "This status page takes no more subscriptions at the moment. Follow it through its Atom or RSS feed instead.";
    public override string CheckEmailHeading => "Check your email";
    public override string CheckEmailMessage => "We sent a link to confirm your subscription. Nothing will be sent until it is confirmed.";
    public override string WebhookSubscribedHeading => "Webhook subscribed";
    public override string WebhookSubscribedMessage => "Your URL answered the verification call and will receive updates.";
    public override string BadLinkHeading => "This link is not valid";
    public override string BadLinkMessage => "The link is incomplete, or the subscription no longer exists. Copy the whole link from the message.";
    public override string FieldRequired(string field) => $"'{field}' is required.";
    public override string FieldTooLong(string field, int max) => $"'{field}' must be at most {max} characters.";
    public override string KindWebhookOnly => "'kind': this page offers webhook subscriptions only.";
    public override string KindInvalid => "'kind' must be email or webhook.";
    public override string EmailInvalid => "'email' must be an email address such as name@example.com.";
    public override string NoSuchComponentField(string id) => $"'components': there is no component '{id}'.";
    public override string HostnameInvalid => "'hostname' must be one of the hostnames this page monitors.";
    public override string WebhookAnswered(int status) => $"The webhook URL answered the verification call with HTTP {status}; it must answer 2xx to be subscribed.";
    public override string WebhookTimedOut(int seconds) => $"The webhook URL did not answer the verification call within {seconds} seconds.";
    public override string WebhookUnreachable(string reason) => $"The webhook URL could not be reached for the verification call ({reason}).";
    public override string MailWhen => "When";
    public override string MailOpen => "Open";
    public override string MailUnsubscribe => "Unsubscribe";
    public override string MailFooter(string site) => $"You receive this because you subscribed to updates from {site}.";
    public override string MailGrouped(int n) => $"{n} notifications in this message:";
    public override string ConfirmSubject(string site) => $"Confirm your subscription to {site} status";
    public override string ConfirmText(string what, string site, string url) =>
        $"Someone, hopefully you, asked to receive email about {what} on the {site} status page.\n\n" +
        $"To confirm, open this link and press the button:\n{url}\n\n" +
        "If you did not ask for this, ignore this message: nothing will be sent unless the link is used.";
    public override string AboutHostname(string hostname) => $"the status of {hostname}";
    public override string AboutEverything => "all incidents and maintenance";
    public override string AboutComponents(string names) => "incidents and maintenance of " + names;
}
