namespace Pharos.Domain;

/// <summary>A component's status, ordered from best to worst so that the worst can be taken with Max.</summary>
public enum ComponentStatus
{
    Operational = 0,
    UnderMaintenance = 1,
    DegradedPerformance = 2,
    PartialOutage = 3,
    MajorOutage = 4,
}

/// <summary>An incident's lifecycle state, with Statuspage's names.</summary>
public enum IncidentStatus
{
    Investigating,
    Identified,
    Monitoring,
    Resolved,
    Postmortem,
}

/// <summary>How bad an incident is, ordered from least to most.</summary>
public enum IncidentImpact
{
    None = 0,
    Minor = 1,
    Major = 2,
    Critical = 3,
}

/// <summary>A scheduled maintenance's lifecycle state.</summary>
public enum MaintenanceStatus
{
    Scheduled,
    InProgress,
    Verifying,
    Completed,
}

/// <summary>
/// What one update announced: an incident status or a maintenance status. One enum for both, since updates of
/// incidents and maintenances share a table shape and the Statuspage API gives both as a plain status string.
/// </summary>
public enum UpdateStatus
{
    Investigating,
    Identified,
    Monitoring,
    Resolved,
    Postmortem,
    Scheduled,
    InProgress,
    Verifying,
    Completed,
}

/// <summary>The page-level indicator of status.json; Maintenance sits outside the impact order.</summary>
public enum PageIndicator
{
    None,
    Minor,
    Major,
    Critical,
    Maintenance,
}
