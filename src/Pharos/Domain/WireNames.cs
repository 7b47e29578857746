namespace Pharos.Domain;

/// <summary>Statuspage's exact string names for the domain enums, both ways.</summary>
public static class WireNames
{
    public static string Of(ComponentStatus s) => s switch
    {
        ComponentStatus.Operational => "operational",
        ComponentStatus.UnderMaintenance => "under_maintenance",
        ComponentStatus.DegradedPerformance => "degraded_performance",
        ComponentStatus.PartialOutage => "partial_outage",
        ComponentStatus.MajorOutage => "major_outage",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    public static string Of(IncidentStatus s) => s switch
    {
        IncidentStatus.Investigating => "investigating",
        IncidentStatus.Identified => "identified",
        IncidentStatus.Monitoring => "monitoring",
        IncidentStatus.Resolved => "resolved",
        IncidentStatus.Postmortem => "postmortem",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    public static string Of(IncidentImpact i) => i switch
    {
        IncidentImpact.None => "none",
        IncidentImpact.Minor => "minor",
        IncidentImpact.Major => "major",
        IncidentImpact.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(i)),
    };

    public static string Of(MaintenanceStatus s) => s switch
    {
        MaintenanceStatus.Scheduled => "scheduled",
        MaintenanceStatus.InProgress => "in_progress",
        MaintenanceStatus.Verifying => "verifying",
        MaintenanceStatus.Completed => "completed",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    public static string Of(UpdateStatus s) => s switch
    {
        UpdateStatus.Investigating => "investigating",
        UpdateStatus.Identified => "identified",
        UpdateStatus.Monitoring => "monitoring",
        UpdateStatus.Resolved => "resolved",
        UpdateStatus.Postmortem => "postmortem",
        UpdateStatus.Scheduled => "scheduled",
        UpdateStatus.InProgress => "in_progress",
        UpdateStatus.Verifying => "verifying",
        UpdateStatus.Completed => "completed",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    public static string Of(PageIndicator i) => i switch
    {
        PageIndicator.None => "none",
        PageIndicator.Minor => "minor",
        PageIndicator.Major => "major",
        PageIndicator.Critical => "critical",
        PageIndicator.Maintenance => "maintenance",
        _ => throw new ArgumentOutOfRangeException(nameof(i)),
    };

    public static bool TryParse(string? s, out ComponentStatus value) => TryParse(s, Enum.GetValues<ComponentStatus>(), Of, out value);

    public static bool TryParse(string? s, out IncidentStatus value) => TryParse(s, Enum.GetValues<IncidentStatus>(), Of, out value);

    public static bool TryParse(string? s, out IncidentImpact value) => TryParse(s, Enum.GetValues<IncidentImpact>(), Of, out value);

    public static bool TryParse(string? s, out MaintenanceStatus value) => TryParse(s, Enum.GetValues<MaintenanceStatus>(), Of, out value);

    public static bool TryParse(string? s, out UpdateStatus value) => TryParse(s, Enum.GetValues<UpdateStatus>(), Of, out value);

    public static UpdateStatus ParseUpdateStatus(string s) =>
        TryParse(s, out UpdateStatus v) ? v : throw new FormatException($"unknown update status '{s}'");

    public static ComponentStatus ParseComponentStatus(string s) =>
        TryParse(s, out ComponentStatus v) ? v : throw new FormatException($"unknown component status '{s}'");

    public static IncidentStatus ParseIncidentStatus(string s) =>
        TryParse(s, out IncidentStatus v) ? v : throw new FormatException($"unknown incident status '{s}'");

    public static IncidentImpact ParseImpact(string s) =>
        TryParse(s, out IncidentImpact v) ? v : throw new FormatException($"unknown impact '{s}'");

    public static MaintenanceStatus ParseMaintenanceStatus(string s) =>
        TryParse(s, out MaintenanceStatus v) ? v : throw new FormatException($"unknown maintenance status '{s}'");

    private static bool TryParse<T>(string? s, T[] values, Func<T, string> name, out T value)
        where T : struct, Enum
    {
        foreach (var v in values)
        {
            if (string.Equals(name(v), s, StringComparison.Ordinal))
            {
                value = v;
                return true;
            }
        }

        value = default;
        return false;
    }
}
