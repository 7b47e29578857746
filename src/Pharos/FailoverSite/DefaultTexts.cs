namespace Pharos.FailoverSite;

/// <summary>Built-in texts, so the page reads well in the common languages without any configuration.</summary>
public static class DefaultTexts
{
    public static readonly IReadOnlyDictionary<string, SiteTexts> All = new Dictionary<string, SiteTexts>(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = new()
        {
            Title = "We'll be right back",
            Message = "This service is temporarily unavailable while we fix a problem. Your data is safe. Please try again in a few minutes.",
            StatusLink = "Follow the latest news on our status page",
            CurrentIncident = "What is happening",
            Updated = "Updated",
        },
        ["de"] = new()
        {
            Title = "Wir sind gleich zurück",
            Message = "Dieser Dienst ist vorübergehend nicht erreichbar, während wir ein Problem beheben. Ihre Daten sind sicher. Bitte versuchen Sie es in einigen Minuten erneut.",
            StatusLink = "Aktuelle Informationen auf unserer Statusseite",
            CurrentIncident = "Was gerade passiert",
            Updated = "Aktualisiert",
        },
        ["fr"] = new()
        {
            Title = "Nous revenons très vite",
            Message = "Ce service est momentanément indisponible pendant que nous corrigeons un problème. Vos données sont en sécurité. Veuillez réessayer dans quelques minutes.",
            StatusLink = "Suivez les dernières nouvelles sur notre page d'état",
            CurrentIncident = "Ce qui se passe",
            Updated = "Mis à jour",
        },
        ["es"] = new()
        {
            Title = "Volvemos enseguida",
            Message = "Este servicio no está disponible temporalmente mientras solucionamos un problema. Sus datos están a salvo. Vuelva a intentarlo en unos minutos.",
            StatusLink = "Siga las últimas noticias en nuestra página de estado",
            CurrentIncident = "Qué está pasando",
            Updated = "Actualizado",
        },
    };
}
