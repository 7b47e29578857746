using Pharos.Domain;

namespace Pharos.Localization;

/// <summary>French, with its no-break space before the colon and the per cent sign.</summary>
public sealed class FrenchTexts : Texts
{
    public override string Code => "fr";
    public override string NativeName => "Français";
    public override string MediumDatePattern => "d MMM uuuu";

    public override string Colon(string label) => label + "\u00A0:";

    public override string Status(ComponentStatus s) => s switch
    {
        ComponentStatus.Operational => "Opérationnel",
        ComponentStatus.UnderMaintenance => "En maintenance",
        ComponentStatus.DegradedPerformance => "Performances dégradées",
        ComponentStatus.PartialOutage => "Panne partielle",
        _ => "Panne majeure",
    };

    public override string Banner(PageIndicator i) => i switch
    {
        PageIndicator.None => "Tous les systèmes sont opérationnels",
        PageIndicator.Minor => "Service dégradé",
        PageIndicator.Major => "Panne partielle",
        PageIndicator.Critical => "Panne majeure",
        _ => "Maintenance en cours",
    };

    public override string Impact(IncidentImpact i) => i switch
    {
        IncidentImpact.None => "Aucun impact",
        IncidentImpact.Minor => "Mineur",
        IncidentImpact.Major => "Majeur",
        _ => "Critique",
    };

    public override string Update(UpdateStatus s) => s switch
    {
        UpdateStatus.Investigating => "Analyse en cours",
        UpdateStatus.Identified => "Cause identifiée",
        UpdateStatus.Monitoring => "Sous surveillance",
        UpdateStatus.Resolved => "Résolu",
        UpdateStatus.Postmortem => "Analyse post-incident",
        UpdateStatus.Scheduled => "Planifiée",
        UpdateStatus.InProgress => "En cours",
        UpdateStatus.Verifying => "Vérification",
        _ => "Terminée",
    };

    public override string Days(long n) => Count(n, "{0} jour", "{0} jours");
    public override string Hours(long n) => Count(n, "{0} heure", "{0} heures");

    public override string PageTitle(string site) => $"État des services {site}";
    public override string FeedTitle(string site) => $"Historique des incidents {site}";
    public override string FeedDescription(string site) => $"Incidents, maintenances et leurs mises à jour pour {site}";
    public override string CalendarName(string site) => $"Maintenances {site}";
    public override string SkipToContent => "Aller au contenu";
    public override string SiteNavigation => "Navigation du site";
    public override string NavStatus => "État";
    public override string NavHistory => "Historique";
    public override string SubscribeToUpdates => "S’abonner aux mises à jour";
    public override string YourTime => "Votre heure";
    public override string FooterSubscribe => "S’abonner\u00A0:";
    public override string MaintenanceCalendar => "Calendrier des maintenances";
    public override string TimesShownIn(string zones) => $"Les heures sont indiquées en {zones} et en UTC.";
    public override string PoweredBy => "Propulsé par Pharos.";
    public override string LanguageNavigation => "Langue";
    public override string CurrentStatus => "État actuel";
    public override string CurrentAsOf => "États à jour au";
    public override string AgoPrefix => "(il y a ";
    public override string AgoSuffix => "\u00A0s)";
    public override string NextRefreshPrefix => "prochaine actualisation dans";
    public override string NextRefreshSuffix => "s";
    public override string ScheduledMaintenance => "Maintenances planifiées";
    public override string NoMaintenanceScheduled => "Aucune maintenance n’est planifiée.";
    public override string PastIncidents => "Incidents passés";
    public override string NoIncidentsReported => "Aucun incident signalé.";
    public override string IncidentHistory => "Historique des incidents";
    public override string ImpactLabel => "Gravité";
    public override string Affected => "Concerne";
    public override string AllUpdates(int n) => Count(n, "{0} mise à jour", "Les {0} mises à jour");
    public override string EnteredAfterTheFact => "saisi après coup";
    public override string OpenedByMonitoring => "ouvert automatiquement par la surveillance";
    public override string AffectedComponents => "Composants concernés";
    public override string Postmortem => "Analyse post-incident";
    public override string Published => "Publiée le";
    public override string Updates => "Mises à jour";
    public override string MaintenanceWord => "Opération de maintenance";
    public override string Cancelled => "annulée";
    public override string Uptime => "Disponibilité";
    public override string ByLocation => "Par site de mesure";
    public override string ColumnCheck => "Vérification";
    public override string ColumnLocation => "Site de mesure";
    public override string ColumnLatest => "Dernier résultat";
    public override string ColumnAt => "Heure";
    public override string LocationSetAside => "écarté\u00A0: ce site de mesure n’atteint plus rien";
    public override string Passing => "Réussie";
    public override string Slow => "Lente";
    public override string Failing => "Échouée";
    public override string NoResultYet => "Pas encore de résultat";
    public override string ResponseTime => "Temps de réponse";
    public override string LastHours(int n) => Count(n, "Dernière heure", "{0} dernières heures");
    public override string LastDays(int n) => Count(n, "Dernier jour", "{0} derniers jours");
    public override string NoMaintenanceForComponent => "Aucune maintenance n’est planifiée pour ce composant.";
    public override string IncidentsLastDays(int n) => Count(n, "Incidents du dernier jour", "Incidents des {0} derniers jours");
    public override string NoMeasurements => "Aucune mesure sur cette période.";
    public override string ChartLabel(string caption, string mean, string max) => $"{caption}\u00A0: temps de réponse moyen {mean} ms, échelle jusqu’à {max} ms";
    public override string Mean => "Moyenne";
    public override string Percentile95 => "95e centile";
    public override string DaysAgo(int n) => Count(n, "il y a {0} jour", "il y a {0} jours");
    public override string Today => "Aujourd’hui";
    public override string UptimeFigures(string uptime30, string uptime90) => $"{uptime30}\u00A0% de disponibilité sur 30 jours · {uptime90}\u00A0% sur 90 jours";
    public override string UptimeLabel(string uptime90, int outageDays, int incidentDays) =>
        $"Disponibilité sur les 90 derniers jours\u00A0: {uptime90}\u00A0%\u00A0; {Count(outageDays, "{0} jour de panne", "{0} jours de panne")}, {Count(incidentDays, "{0} jour avec incident", "{0} jours avec incidents")}";
    public override string NoData => "Pas de données";
    public override string DayUptime(string status, string figure) => $"{status}, {figure}\u00A0% de disponibilité";
    public override string NothingInPeriod => "Aucun incident ni maintenance sur cette période.";
    public override string HistoryPages => "Pages de l’historique";
    public override string Newer => "Plus récents";
    public override string Older => "Plus anciens";
    public override string PlannedFor => "durée prévue";
    public override string Lasted => "durée";
    public override string Ongoing => "en cours";
    public override string AddedLater => "Ajouté ultérieurement";
    public override string Edited => "Modifié le";
    public override string BadRequest => "Requête invalide";
    public override string BadPageNumber => "Le numéro de page doit être un nombre entier supérieur ou égal à 1.";
    public override string PageNotFound => "Page introuvable";
    public override string NothingAtAddress => "Il n’y a rien à cette adresse.";
    public override string NothingThatFarBack => "Il n’y a pas d’incident aussi ancien.";
    public override string IncidentNotFound => "Incident introuvable";
    public override string NoSuchIncident => "Il n’y a pas d’incident à cette adresse.";
    public override string MaintenanceNotFound => "Maintenance introuvable";
    public override string NoSuchMaintenance => "Il n’y a pas de maintenance à cette adresse.";
    public override string ComponentNotFound => "Composant introuvable";
    public override string NoSuchComponent => "Il n’y a pas de composant à cette adresse.";
    public override string BackToStatusPage => "Retour à la page d’état";
    public override string CancelledWindow => "Créneau annulé";
    public override string Window => "Créneau";
    public override string SubscribeIntro => "Recevez un message lorsqu’un incident est publié ou mis à jour et lorsqu’une maintenance est planifiée.";
    public override string SubscriptionNotMade => "L’abonnement n’a pas été créé\u00A0:";
    public override string How => "Moyen";
    public override string Email => "Courriel";
    public override string EmailAddress => "Adresse électronique";
    public override string EmailHelp => "Nous envoyons d’abord un lien de confirmation.";
    public override string Webhook => "Webhook";
    public override string WebhookUrl => "URL du webhook";
    public override string WebhookHelp => "Nous envoyons maintenant un appel de vérification (POST)\u00A0; répondez-y par 2xx. Les messages suivent le format de webhook de Statuspage.";
    public override string Components => "Composants";
    public override string ComponentsHelp => "N’en choisissez aucun pour être informé de tout.";
    public override string OwnHostname => "Ou votre propre nom d’hôte";
    public override string OwnHostnameHelp => "Marchands\u00A0: soyez informés des seules vérifications de votre domaine.";
    public override string Hostname => "Nom d’hôte";
    public override string NoneOption => "(aucun)";
    public override string SubscribeButton => "S’abonner";
    public override string ConfirmHeading => "Confirmez votre abonnement";
    public override string ConfirmMessage => "Appuyez sur le bouton pour commencer à recevoir les mises à jour.";
    public override string ConfirmButton => "Confirmer l’abonnement";
    public override string ConfirmedHeading => "Abonnement confirmé";
    public override string ConfirmedMessage => "Vous recevrez les mises à jour de cette page d’état. Chaque message contient un lien de désabonnement.";
    public override string UnsubscribeHeading => "Se désabonner";
    public override string UnsubscribeMessage => "Appuyez sur le bouton pour ne plus recevoir les mises à jour de cette page d’état.";
    public override string UnsubscribeButton => "Se désabonner";
    public override string UnsubscribedHeading => "Désabonnement effectué";
    public override string UnsubscribedMessage => "Vous ne recevrez plus de mises à jour de cette page d’état.";
    public override string FormUnreadableHeading => "Le formulaire n’a pas pu être lu";
    public override string FormUnreadableMessage => "Revenez en arrière, rechargez la page et réessayez.";
    public override string FormExpiredHeading => "Le formulaire avait expiré";
    public override string FormExpiredMessage => "Le formulaire avait expiré ou ne venait pas de ce site. Revenez en arrière, rechargez la page et réessayez.";
    public override string TooManyHeading => "Trop d’abonnements";
    public override string TooManyMessage(int minutes) => Count(minutes, "Trop de formulaires sont venus de votre réseau. Réessayez dans {0} minute.", "Trop de formulaires sont venus de votre réseau. Réessayez dans {0} minutes.");
    public override string FullHeading => "Abonnements complets";
    public override string FullMessage => "Cette page d’état n’accepte plus d’abonnements pour le moment. Suivez-la plutôt par son flux Atom ou RSS.";
    public override string CheckEmailHeading => "Consultez vos courriels";
    public override string CheckEmailMessage => "Nous avons envoyé un lien pour confirmer votre abonnement. Rien ne sera envoyé avant la confirmation.";
    public override string WebhookSubscribedHeading => "Webhook abonné";
    public override string WebhookSubscribedMessage => "Votre URL a répondu à l’appel de vérification et recevra les mises à jour.";
    public override string BadLinkHeading => "Ce lien n’est pas valide";
    public override string BadLinkMessage => "Le lien est incomplet, ou l’abonnement n’existe plus. Copiez le lien entier depuis le message.";
    public override string FieldRequired(string field) => $"«\u00A0{field}\u00A0» est obligatoire.";
    public override string FieldTooLong(string field, int max) => $"«\u00A0{field}\u00A0» doit faire au plus {max} caractères.";
    public override string KindWebhookOnly => "«\u00A0kind\u00A0»\u00A0: cette page ne propose que des abonnements par webhook.";
    public override string KindInvalid => "«\u00A0kind\u00A0» doit valoir email ou webhook.";
    public override string EmailInvalid => "«\u00A0email\u00A0» doit être une adresse électronique telle que nom@example.com.";
    public override string NoSuchComponentField(string id) => $"«\u00A0components\u00A0»\u00A0: il n’y a pas de composant «\u00A0{id}\u00A0».";
    public override string HostnameInvalid => "«\u00A0hostname\u00A0» doit être l’un des noms d’hôte surveillés par cette page.";
    public override string WebhookAnswered(int status) => $"L’URL du webhook a répondu à l’appel de vérification par HTTP {status}\u00A0; elle doit répondre 2xx pour être abonnée.";
    public override string WebhookTimedOut(int seconds) => $"L’URL du webhook n’a pas répondu à l’appel de vérification en {seconds} secondes.";
    public override string WebhookUnreachable(string reason) => $"L’URL du webhook n’a pas pu être jointe pour l’appel de vérification ({reason}).";
    public override string MailWhen => "Date";
    public override string MailOpen => "Ouvrir";
    public override string MailUnsubscribe => "Se désabonner";
    public override string MailFooter(string site) => $"Vous recevez ce message car vous êtes abonné aux mises à jour de {site}.";
    public override string MailGrouped(int n) => $"{n} notifications dans ce message\u00A0:";
    public override string ConfirmSubject(string site) => $"Confirmez votre abonnement à la page d’état de {site}";
    public override string ConfirmText(string what, string site, string url) =>
        $"Quelqu’un, vous sans doute, a demandé à recevoir des courriels sur {what} de la page d’état de {site}.\n\n" +
        $"Pour confirmer, ouvrez ce lien et appuyez sur le bouton\u00A0:\n{url}\n\n" +
        "Si vous n’avez rien demandé, ignorez ce message\u00A0: rien ne sera envoyé tant que le lien n’est pas utilisé.";
    public override string AboutHostname(string hostname) => $"l’état de {hostname}";
    public override string AboutEverything => "tous les incidents et maintenances";
    public override string AboutComponents(string names) => "les incidents et maintenances de " + names;
}
