using Pharos.Domain;

namespace Pharos.Localization;

/// <summary>Spanish.</summary>
public sealed class SpanishTexts : Texts
{
    public override string Code => "es";
    public override string NativeName => "Español";
    public override string MediumDatePattern => "d MMM uuuu";

    public override string Status(ComponentStatus s) => s switch
    {
        ComponentStatus.Operational => "Operativo",
        ComponentStatus.UnderMaintenance => "En mantenimiento",
        ComponentStatus.DegradedPerformance => "Rendimiento degradado",
        ComponentStatus.PartialOutage => "Interrupción parcial",
        _ => "Interrupción grave",
    };

    public override string Banner(PageIndicator i) => i switch
    {
        PageIndicator.None => "Todos los sistemas están operativos",
        PageIndicator.Minor => "Servicio degradado",
        PageIndicator.Major => "Interrupción parcial",
        PageIndicator.Critical => "Interrupción grave",
        _ => "Mantenimiento en curso",
    };

    public override string Impact(IncidentImpact i) => i switch
    {
        IncidentImpact.None => "Sin impacto",
        IncidentImpact.Minor => "Leve",
        IncidentImpact.Major => "Grave",
        _ => "Crítico",
    };

    public override string Update(UpdateStatus s) => s switch
    {
        UpdateStatus.Investigating => "Investigando",
        UpdateStatus.Identified => "Causa identificada",
        UpdateStatus.Monitoring => "En observación",
        UpdateStatus.Resolved => "Resuelto",
        UpdateStatus.Postmortem => "Análisis posterior",
        UpdateStatus.Scheduled => "Programado",
        UpdateStatus.InProgress => "En curso",
        UpdateStatus.Verifying => "Verificando",
        _ => "Completado",
    };

    public override string Days(long n) => Count(n, "{0} día", "{0} días");
    public override string Hours(long n) => Count(n, "{0} hora", "{0} horas");

    public override string PageTitle(string site) => $"Estado de {site}";
    public override string FeedTitle(string site) => $"Historial de incidentes de {site}";
    public override string FeedDescription(string site) => $"Incidentes, mantenimientos y sus actualizaciones de {site}";
    public override string CalendarName(string site) => $"Mantenimientos de {site}";
    public override string SkipToContent => "Ir al contenido";
    public override string SiteNavigation => "Navegación del sitio";
    public override string NavStatus => "Estado";
    public override string NavHistory => "Historial";
    public override string SubscribeToUpdates => "Suscribirse a las actualizaciones";
    public override string YourTime => "Su hora";
    public override string FooterSubscribe => "Suscribirse:";
    public override string MaintenanceCalendar => "Calendario de mantenimientos";
    public override string TimesShownIn(string zones) => $"Las horas se muestran en {zones} y en UTC.";
    public override string PoweredBy => "Funciona con Pharos.";
    public override string LanguageNavigation => "Idioma";
    public override string CurrentStatus => "Estado actual";
    public override string CurrentAsOf => "Estados actualizados a";
    public override string AgoPrefix => "(hace ";
    public override string AgoSuffix => " s)";
    public override string NextRefreshPrefix => "próxima actualización en";
    public override string NextRefreshSuffix => "s";
    public override string ScheduledMaintenance => "Mantenimientos programados";
    public override string NoMaintenanceScheduled => "No hay ningún mantenimiento programado.";
    public override string PastIncidents => "Incidentes anteriores";
    public override string NoIncidentsReported => "No se han notificado incidentes.";
    public override string IncidentHistory => "Historial de incidentes";
    public override string ImpactLabel => "Impacto";
    public override string Affected => "Afecta a";
    public override string AllUpdates(int n) => Count(n, "{0} actualización", "Las {0} actualizaciones");
    public override string EnteredAfterTheFact => "registrado a posteriori";
    public override string OpenedByMonitoring => "abierto automáticamente por la monitorización";
    public override string AffectedComponents => "Componentes afectados";
    public override string Postmortem => "Análisis posterior";
    public override string Published => "Publicado";
    public override string Updates => "Actualizaciones";
    public override string MaintenanceWord => "Mantenimiento";
    public override string Cancelled => "cancelado";
    public override string Uptime => "Disponibilidad";
    public override string ByLocation => "Por ubicación";
    public override string ColumnCheck => "Comprobación";
    public override string ColumnLocation => "Ubicación";
    public override string ColumnLatest => "Último resultado";
    public override string ColumnAt => "Hora";
    public override string LocationSetAside => "descartada: esta ubicación no alcanza nada";
    public override string Passing => "Correcta";
    public override string Slow => "Lenta";
    public override string Failing => "Fallida";
    public override string NoResultYet => "Aún sin resultado";
    public override string ResponseTime => "Tiempo de respuesta";
    public override string LastHours(int n) => Count(n, "Última hora", "Últimas {0} horas");
    public override string LastDays(int n) => Count(n, "Último día", "Últimos {0} días");
    public override string NoMaintenanceForComponent => "No hay ningún mantenimiento programado para este componente.";
    public override string IncidentsLastDays(int n) => Count(n, "Incidentes del último día", "Incidentes de los últimos {0} días");
    public override string NoMeasurements => "No hay mediciones en este periodo.";
    public override string ChartLabel(string caption, string mean, string max) => $"{caption}: tiempo de respuesta medio {mean} ms, escala hasta {max} ms";
    public override string Mean => "Media";
    public override string Percentile95 => "Percentil 95";
    public override string DaysAgo(int n) => Count(n, "hace {0} día", "hace {0} días");
    public override string Today => "Hoy";
    public override string UptimeFigures(string uptime30, string uptime90) => $"{uptime30} % de disponibilidad en 30 días · {uptime90} % en 90 días";
    public override string UptimeLabel(string uptime90, int outageDays, int incidentDays) =>
        $"Disponibilidad en los últimos 90 días: {uptime90} %; {Count(outageDays, "{0} día con interrupción", "{0} días con interrupción")}, {Count(incidentDays, "{0} día con incidentes", "{0} días con incidentes")}";
    public override string NoData => "Sin datos";
    public override string DayUptime(string status, string figure) => $"{status}, {figure} % de disponibilidad";
    public override string NothingInPeriod => "No hay incidentes ni mantenimientos en este periodo.";
    public override string HistoryPages => "Páginas del historial";
    public override string Newer => "Más recientes";
    public override string Older => "Más antiguos";
    public override string PlannedFor => "previsto para";
    public override string Lasted => "duró";
    public override string Ongoing => "en curso";
    public override string AddedLater => "Añadido más tarde";
    public override string Edited => "Editado";
    public override string BadRequest => "Solicitud incorrecta";
    public override string BadPageNumber => "El número de página debe ser un número entero igual o mayor que 1.";
    public override string PageNotFound => "Página no encontrada";
    public override string NothingAtAddress => "No hay nada en esta dirección.";
    public override string NothingThatFarBack => "No hay incidentes tan antiguos.";
    public override string IncidentNotFound => "Incidente no encontrado";
    public override string NoSuchIncident => "No hay ningún incidente en esta dirección.";
    public override string MaintenanceNotFound => "Mantenimiento no encontrado";
    public override string NoSuchMaintenance => "No hay ningún mantenimiento en esta dirección.";
    public override string ComponentNotFound => "Componente no encontrado";
    public override string NoSuchComponent => "No hay ningún componente en esta dirección.";
    public override string BackToStatusPage => "Volver a la página de estado";
    public override string CancelledWindow => "Franja cancelada";
    public override string Window => "Franja";
    public override string SubscribeIntro => "Reciba un mensaje cuando se publique o actualice un incidente y cuando se programe un mantenimiento.";
    public override string SubscriptionNotMade => "No se ha creado la suscripción:";
    public override string How => "Cómo";
    public override string Email => "Correo electrónico";
    public override string EmailAddress => "Dirección de correo electrónico";
    public override string EmailHelp => "Primero enviamos un enlace de confirmación.";
    public override string Webhook => "Webhook";
    public override string WebhookUrl => "URL del webhook";
    public override string WebhookHelp => "Ahora enviamos una llamada de verificación (POST); respóndala con 2xx. Los mensajes usan el formato de webhook de Statuspage.";
    public override string Components => "Componentes";
    public override string ComponentsHelp => "No elija ninguno para recibir todo.";
    public override string OwnHostname => "O su propio nombre de host";
    public override string OwnHostnameHelp => "Comercios: reciba solo las comprobaciones de su propio dominio.";
    public override string Hostname => "Nombre de host";
    public override string NoneOption => "(ninguno)";
    public override string SubscribeButton => "Suscribirse";
    public override string ConfirmHeading => "Confirme su suscripción";
    public override string ConfirmMessage => "Pulse el botón para empezar a recibir actualizaciones.";
    public override string ConfirmButton => "Confirmar suscripción";
    public override string ConfirmedHeading => "Suscripción confirmada";
    public override string ConfirmedMessage => "Recibirá las actualizaciones de esta página de estado. Cada mensaje incluye un enlace para darse de baja.";
    public override string UnsubscribeHeading => "Darse de baja";
    public override string UnsubscribeMessage => "Pulse el botón para dejar de recibir actualizaciones de esta página de estado.";
    public override string UnsubscribeButton => "Darse de baja";
    public override string UnsubscribedHeading => "Baja realizada";
    public override string UnsubscribedMessage => "No recibirá más actualizaciones de esta página de estado.";
    public override string FormUnreadableHeading => "No se pudo leer el formulario";
    public override string FormUnreadableMessage => "Vuelva atrás, recargue la página e inténtelo de nuevo.";
    public override string FormExpiredHeading => "El formulario había caducado";
    public override string FormExpiredMessage => "El formulario había caducado o no procedía de este sitio. Vuelva atrás, recargue la página e inténtelo de nuevo.";
    public override string TooManyHeading => "Demasiadas suscripciones";
    public override string TooManyMessage(int minutes) => Count(minutes, "Llegaron demasiados formularios desde su red. Inténtelo de nuevo en {0} minuto.", "Llegaron demasiados formularios desde su red. Inténtelo de nuevo en {0} minutos.");
    public override string FullHeading => "No se admiten más suscripciones";
    public override string FullMessage => "Esta página de estado no admite más suscripciones por ahora. Sígala mediante su feed Atom o RSS.";
    public override string CheckEmailHeading => "Revise su correo";
    public override string CheckEmailMessage => "Le hemos enviado un enlace para confirmar su suscripción. No se enviará nada hasta que la confirme.";
    public override string WebhookSubscribedHeading => "Webhook suscrito";
    public override string WebhookSubscribedMessage => "Su URL respondió a la llamada de verificación y recibirá actualizaciones.";
    public override string BadLinkHeading => "Este enlace no es válido";
    public override string BadLinkMessage => "El enlace está incompleto o la suscripción ya no existe. Copie el enlace completo del mensaje.";
    public override string FieldRequired(string field) => $"«{field}» es obligatorio.";
    public override string FieldTooLong(string field, int max) => $"«{field}» admite como máximo {max} caracteres.";
    public override string KindWebhookOnly => "«kind»: esta página solo ofrece suscripciones por webhook.";
    public override string KindInvalid => "«kind» debe ser email o webhook.";
    public override string EmailInvalid => "«email» debe ser una dirección de correo como nombre@example.com.";
    public override string NoSuchComponentField(string id) => $"«components»: no existe el componente «{id}».";
    public override string HostnameInvalid => "«hostname» debe ser uno de los nombres de host que vigila esta página.";
    public override string WebhookAnswered(int status) => $"La URL del webhook respondió a la llamada de verificación con HTTP {status}; debe responder 2xx para suscribirse.";
    public override string WebhookTimedOut(int seconds) => $"La URL del webhook no respondió a la llamada de verificación en {seconds} segundos.";
    public override string WebhookUnreachable(string reason) => $"No se pudo contactar con la URL del webhook para la llamada de verificación ({reason}).";
    public override string MailWhen => "Cuándo";
    public override string MailOpen => "Abrir";
    public override string MailUnsubscribe => "Darse de baja";
    public override string MailFooter(string site) => $"Recibe este mensaje porque se suscribió a las actualizaciones de {site}.";
    public override string MailGrouped(int n) => $"{n} notificaciones en este mensaje:";
    public override string ConfirmSubject(string site) => $"Confirme su suscripción a la página de estado de {site}";
    public override string ConfirmText(string what, string site, string url) =>
        $"Alguien, esperamos que usted, pidió recibir correos sobre {what} en la página de estado de {site}.\n\n" +
        $"Para confirmar, abra este enlace y pulse el botón:\n{url}\n\n" +
        "Si no lo pidió, ignore este mensaje: no se enviará nada a menos que se use el enlace.";
    public override string AboutHostname(string hostname) => $"el estado de {hostname}";
    public override string AboutEverything => "todos los incidentes y mantenimientos";
    public override string AboutComponents(string names) => "los incidentes y mantenimientos de " + names;
}
