using Pharos.Domain;

namespace Pharos.Localization;

/// <summary>German.</summary>
public sealed class GermanTexts : Texts
{
    public override string Code => "de";
    public override string NativeName => "Deutsch";
    public override string MediumDatePattern => "d. MMM uuuu";

    public override string Status(ComponentStatus s) => s switch
    {
        ComponentStatus.Operational => "Betriebsbereit",
        ComponentStatus.UnderMaintenance => "In Wartung",
        ComponentStatus.DegradedPerformance => "Eingeschränkte Leistung",
        ComponentStatus.PartialOutage => "Teilweiser Ausfall",
        _ => "Schwerer Ausfall",
    };

    public override string Banner(PageIndicator i) => i switch
    {
        PageIndicator.None => "Alle Systeme betriebsbereit",
        PageIndicator.Minor => "Eingeschränkter Dienst",
        PageIndicator.Major => "Teilweiser Ausfall",
        PageIndicator.Critical => "Schwerer Ausfall",
        _ => "Wartung im Gange",
    };

    public override string Impact(IncidentImpact i) => i switch
    {
        IncidentImpact.None => "Keine Auswirkung",
        IncidentImpact.Minor => "Gering",
        IncidentImpact.Major => "Erheblich",
        _ => "Kritisch",
    };

    public override string Update(UpdateStatus s) => s switch
    {
        UpdateStatus.Investigating => "Wird untersucht",
        UpdateStatus.Identified => "Ursache gefunden",
        UpdateStatus.Monitoring => "Wird beobachtet",
        UpdateStatus.Resolved => "Behoben",
        UpdateStatus.Postmortem => "Nachbetrachtung",
        UpdateStatus.Scheduled => "Geplant",
        UpdateStatus.InProgress => "Läuft",
        UpdateStatus.Verifying => "Wird geprüft",
        _ => "Abgeschlossen",
    };

    public override string Days(long n) => Count(n, "{0} Tag", "{0} Tage");
    public override string Hours(long n) => Count(n, "{0} Stunde", "{0} Stunden");

    public override string PageTitle(string site) => $"{site} – Systemstatus";
    public override string FeedTitle(string site) => $"{site} – Störungsverlauf";
    public override string FeedDescription(string site) => $"Störungen, Wartungen und ihre Meldungen für {site}";
    public override string CalendarName(string site) => $"{site} – Wartungen";
    public override string SkipToContent => "Zum Inhalt springen";
    public override string SiteNavigation => "Website";
    public override string NavStatus => "Systemstatus";
    public override string NavHistory => "Verlauf";
    public override string SubscribeToUpdates => "Meldungen abonnieren";
    public override string YourTime => "Ihre Zeit";
    public override string FooterSubscribe => "Abonnieren:";
    public override string MaintenanceCalendar => "Wartungskalender";
    public override string TimesShownIn(string zones) => $"Zeiten werden in {zones} und in UTC angezeigt.";
    public override string PoweredBy => "Betrieben mit Pharos.";
    public override string LanguageNavigation => "Sprache";
    public override string CurrentStatus => "Aktueller Zustand";
    public override string CurrentAsOf => "Stand der Angaben:";
    public override string AgoPrefix => "(vor ";
    public override string AgoSuffix => " s)";
    public override string NextRefreshPrefix => "nächste Aktualisierung in";
    public override string NextRefreshSuffix => "s";
    public override string ScheduledMaintenance => "Geplante Wartungen";
    public override string NoMaintenanceScheduled => "Es sind keine Wartungen geplant.";
    public override string PastIncidents => "Vergangene Störungen";
    public override string NoIncidentsReported => "Keine Störungen gemeldet.";
    public override string IncidentHistory => "Störungsverlauf";
    public override string ImpactLabel => "Auswirkung";
    public override string Affected => "Betroffen";
    public override string AllUpdates(int n) => Count(n, "{0} Meldung", "Alle {0} Meldungen");
    public override string EnteredAfterTheFact => "nachträglich erfasst";
    public override string OpenedByMonitoring => "automatisch von der Überwachung eröffnet";
    public override string AffectedComponents => "Betroffene Komponenten";
    public override string Postmortem => "Nachbetrachtung";
    public override string Published => "Veröffentlicht";
    public override string Updates => "Meldungen";
    public override string MaintenanceWord => "Wartung";
    public override string Cancelled => "abgesagt";
    public override string Uptime => "Verfügbarkeit";
    public override string ByLocation => "Nach Standort";
    public override string ColumnCheck => "Prüfung";
    public override string ColumnLocation => "Standort";
    public override string ColumnLatest => "Letztes Ergebnis";
    public override string ColumnAt => "Zeitpunkt";
    public override string LocationSetAside => "nicht gewertet: dieser Standort erreicht nichts";
    public override string Passing => "Erfolgreich";
    public override string Slow => "Langsam";
    public override string Failing => "Fehlgeschlagen";
    public override string NoResultYet => "Noch kein Ergebnis";
    public override string ResponseTime => "Antwortzeit";
    public override string LastHours(int n) => Count(n, "Letzte Stunde", "Letzte {0} Stunden");
    public override string LastDays(int n) => Count(n, "Letzter Tag", "Letzte {0} Tage");
    public override string NoMaintenanceForComponent => "Für diese Komponente sind keine Wartungen geplant.";
    public override string IncidentsLastDays(int n) => Count(n, "Störungen am letzten Tag", "Störungen der letzten {0} Tage");
    public override string NoMeasurements => "Keine Messungen in diesem Zeitraum.";
    public override string ChartLabel(string caption, string mean, string max) => $"{caption}: mittlere Antwortzeit {mean} ms, Skala bis {max} ms";
    public override string Mean => "Mittelwert";
    public override string Percentile95 => "95. Perzentil";
    public override string DaysAgo(int n) => Count(n, "vor {0} Tag", "vor {0} Tagen");
    public override string Today => "Heute";
    public override string UptimeFigures(string uptime30, string uptime90) => $"{uptime30} % Verfügbarkeit in 30 Tagen · {uptime90} % in 90 Tagen";
    public override string UptimeLabel(string uptime90, int outageDays, int incidentDays) =>
        $"Verfügbarkeit der letzten 90 Tage: {uptime90} %; {Count(outageDays, "{0} Tag mit Ausfall", "{0} Tage mit Ausfall")}, {Count(incidentDays, "{0} Tag mit Störungen", "{0} Tage mit Störungen")}";
    public override string NoData => "Keine Daten";
    public override string DayUptime(string status, string figure) => $"{status}, {figure} % Verfügbarkeit";
    public override string NothingInPeriod => "Keine Störungen oder Wartungen in diesem Zeitraum.";
    public override string HistoryPages => "Seiten des Verlaufs";
    public override string Newer => "Neuere";
    public override string Older => "Ältere";
    public override string PlannedFor => "geplant für";
    public override string Lasted => "Dauer";
    public override string Ongoing => "andauernd";
    public override string AddedLater => "Nachträglich ergänzt";
    public override string Edited => "Bearbeitet";
    public override string BadRequest => "Ungültige Anfrage";
    public override string BadPageNumber => "Die Seitenzahl muss eine ganze Zahl ab 1 sein.";
    public override string PageNotFound => "Seite nicht gefunden";
    public override string NothingAtAddress => "Unter dieser Adresse gibt es nichts.";
    public override string NothingThatFarBack => "So weit zurück gibt es keine Störungen.";
    public override string IncidentNotFound => "Störung nicht gefunden";
    public override string NoSuchIncident => "Unter dieser Adresse gibt es keine Störung.";
    public override string MaintenanceNotFound => "Wartung nicht gefunden";
    public override string NoSuchMaintenance => "Unter dieser Adresse gibt es keine Wartung.";
    public override string ComponentNotFound => "Komponente nicht gefunden";
    public override string NoSuchComponent => "Unter dieser Adresse gibt es keine Komponente.";
    public override string BackToStatusPage => "Zurück zur Statusseite";
    public override string CancelledWindow => "Abgesagtes Zeitfenster";
    public override string Window => "Zeitfenster";
    public override string SubscribeIntro => "Erhalten Sie eine Nachricht, wenn eine Störung gemeldet oder aktualisiert und wenn eine Wartung geplant wird.";
    public override string SubscriptionNotMade => "Das Abonnement wurde nicht angelegt:";
    public override string How => "Wie";
    public override string Email => "E-Mail";
    public override string EmailAddress => "E-Mail-Adresse";
    public override string EmailHelp => "Wir senden zuerst einen Link zur Bestätigung.";
    public override string Webhook => "Webhook";
    public override string WebhookUrl => "Webhook-URL";
    public override string WebhookHelp => "Wir senden jetzt einen Prüfaufruf per POST; beantworten Sie ihn mit 2xx. Die Nachrichten haben das Webhook-Format von Statuspage.";
    public override string Components => "Komponenten";
    public override string ComponentsHelp => "Wählen Sie keine, um über alles informiert zu werden.";
    public override string OwnHostname => "Oder Ihr eigener Hostname";
    public override string OwnHostnameHelp => "Für Händler: nur Meldungen zu den Prüfungen Ihrer eigenen Domain.";
    public override string Hostname => "Hostname";
    public override string NoneOption => "(keiner)";
    public override string SubscribeButton => "Abonnieren";
    public override string ConfirmHeading => "Abonnement bestätigen";
    public override string ConfirmMessage => "Drücken Sie die Schaltfläche, um Meldungen zu erhalten.";
    public override string ConfirmButton => "Abonnement bestätigen";
    public override string ConfirmedHeading => "Abonnement bestätigt";
    public override string ConfirmedMessage => "Sie erhalten nun Meldungen dieser Statusseite. Jede Nachricht enthält einen Link zum Abbestellen.";
    public override string UnsubscribeHeading => "Abbestellen";
    public override string UnsubscribeMessage => "Drücken Sie die Schaltfläche, um keine Meldungen dieser Statusseite mehr zu erhalten.";
    public override string UnsubscribeButton => "Abbestellen";
    public override string UnsubscribedHeading => "Abbestellt";
    public override string UnsubscribedMessage => "Sie erhalten keine Meldungen dieser Statusseite mehr.";
    public override string FormUnreadableHeading => "Das Formular konnte nicht gelesen werden";
    public override string FormUnreadableMessage => "Gehen Sie zurück, laden Sie die Seite neu und versuchen Sie es noch einmal.";
    public override string FormExpiredHeading => "Das Formular war abgelaufen";
    public override string FormExpiredMessage => "Das Formular war abgelaufen oder kam nicht von dieser Website. Gehen Sie zurück, laden Sie die Seite neu und versuchen Sie es noch einmal.";
    public override string TooManyHeading => "Zu viele Abonnements";
    public override string TooManyMessage(int minutes) => Count(minutes, "Aus Ihrem Netz kamen zu viele Anmeldungen. Versuchen Sie es in {0} Minute wieder.", "Aus Ihrem Netz kamen zu viele Anmeldungen. Versuchen Sie es in {0} Minuten wieder.");
    public override string FullHeading => "Keine Abonnements mehr möglich";
    public override string FullMessage => "Diese Statusseite nimmt derzeit keine Abonnements mehr an. Folgen Sie ihr stattdessen über den Atom- oder RSS-Feed.";
    public override string CheckEmailHeading => "Bitte prüfen Sie Ihre E-Mails";
    public override string CheckEmailMessage => "Wir haben einen Link zur Bestätigung gesendet. Bis zur Bestätigung wird nichts versandt.";
    public override string WebhookSubscribedHeading => "Webhook abonniert";
    public override string WebhookSubscribedMessage => "Ihre URL hat den Prüfaufruf beantwortet und erhält nun Meldungen.";
    public override string BadLinkHeading => "Dieser Link ist ungültig";
    public override string BadLinkMessage => "Der Link ist unvollständig oder das Abonnement existiert nicht mehr. Kopieren Sie den ganzen Link aus der Nachricht.";
    public override string FieldRequired(string field) => $"'{field}' ist ein Pflichtfeld.";
    public override string FieldTooLong(string field, int max) => $"'{field}' darf höchstens {max} Zeichen lang sein.";
    public override string KindWebhookOnly => "'kind': diese Seite bietet nur Webhook-Abonnements an.";
    public override string KindInvalid => "'kind' muss email oder webhook sein.";
    public override string EmailInvalid => "'email' muss eine E-Mail-Adresse wie name@example.com sein.";
    public override string NoSuchComponentField(string id) => $"'components': es gibt keine Komponente '{id}'.";
    public override string HostnameInvalid => "'hostname' muss einer der Hostnamen sein, die diese Seite überwacht.";
    public override string WebhookAnswered(int status) => $"Die Webhook-URL hat den Prüfaufruf mit HTTP {status} beantwortet; für ein Abonnement muss sie mit 2xx antworten.";
    public override string WebhookTimedOut(int seconds) => $"Die Webhook-URL hat den Prüfaufruf nicht innerhalb von {seconds} Sekunden beantwortet.";
    public override string WebhookUnreachable(string reason) => $"Die Webhook-URL war für den Prüfaufruf nicht erreichbar ({reason}).";
    public override string MailWhen => "Zeitpunkt";
    public override string MailOpen => "Öffnen";
    public override string MailUnsubscribe => "Abbestellen";
    public override string MailFooter(string site) => $"Sie erhalten diese Nachricht, weil Sie Meldungen von {site} abonniert haben.";
    public override string MailGrouped(int n) => $"{n} Meldungen in dieser Nachricht:";
    public override string ConfirmSubject(string site) => $"Bestätigen Sie Ihr Abonnement der Statusseite von {site}";
    public override string ConfirmText(string what, string site, string url) =>
        $"Jemand, hoffentlich Sie, möchte E-Mails über {what} auf der Statusseite von {site} erhalten.\n\n" +
        $"Zur Bestätigung öffnen Sie diesen Link und drücken Sie die Schaltfläche:\n{url}\n\n" +
        "Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht: Ohne den Link wird nichts versandt.";
    public override string AboutHostname(string hostname) => $"den Zustand von {hostname}";
    public override string AboutEverything => "alle Störungen und Wartungen";
    public override string AboutComponents(string names) => "Störungen und Wartungen von " + names;
}
