
namespace Pharos.Domain;

/// <summary>Words and glyphs for statuses, so no status is told by colour alone.</summary>
public static class Labels
{
    public static string Of(ComponentStatus s) => s switch
    {
        ComponentStatus.Operational => "Operational",
        ComponentStatus.UnderMaintenance => "Under maintenance",
        ComponentStatus.DegradedPerformance => "Degraded performance",
        ComponentStatus.PartialOutage => "Partial outage",
        ComponentStatus.MajorOutage => "Major outage",
        _ => s.ToString(),
    };

    public static string Glyph(ComponentStatus s) => s switch
    {
        ComponentStatus.Operational => "\u2714",
        ComponentStatus.UnderMaintenance => "\u2692",
        ComponentStatus.DegradedPerformance => "\u25B2",
        ComponentStatus.PartialOutage => "\u25C6",
        ComponentStatus.MajorOutage => "\u2716",
        _ => "?",
    };

    public static string Banner(PageIndicator i) => i switch
    {
        PageIndicator.None => "All systems operational",
        PageIndicator.Minor => "Degraded service",
        PageIndicator.Major => "Partial outage",
        PageIndicator.Critical => "Major outage",
        PageIndicator.Maintenance => "Maintenance in progress",
        _ => i.ToString(),
    };

    public static string Glyph(PageIndicator i) => i switch
    {
        PageIndicator.None => "\u2714",
        PageIndicator.Minor => "\u25B2",
        PageIndicator.Major => "\u25C6",
        PageIndicator.Critical => "\u2716",
        PageIndicator.Maintenance => "\u2692",
        _ => "?",
    };

    public static string Of(IncidentImpact i) => i switch
    {
        IncidentImpact.None => "No impact",
        IncidentImpact.Minor => "Minor",
        IncidentImpact.Major => "Major",
        IncidentImpact.Critical => "Critical",
        _ => i.ToString(),
    };

    /// <summary>An update's status word, for incidents and maintenance alike.</summary>
    public static string OfUpdate(UpdateStatus s) => s switch
    {
        UpdateStatus.Investigating => "Investigating",
        UpdateStatus.Identified => "Identified",
        UpdateStatus.Monitoring => "Monitoring",
        UpdateStatus.Resolved => "Resolved",
        UpdateStatus.Postmortem => "Postmortem",
        UpdateStatus.Scheduled => "Scheduled",
        UpdateStatus.InProgress => "In progress",
        UpdateStatus.Verifying => "Verifying",
        UpdateStatus.Completed => "Completed",
        _ => WireNames.Of(s),
    };

    public static string Of(MaintenanceStatus s) => OfUpdate(Maintenance.Announce(s));

    public static string Of(IncidentStatus s) => OfUpdate(Incident.Announce(s));
}
