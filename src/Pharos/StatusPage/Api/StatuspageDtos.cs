using System.Text.Json.Serialization;

namespace Pharos.StatusPage.Api;

// The shapes of Statuspage's public API v2 (see shared/reference/statuspage-api-v2.md). Property names are
// converted to snake_case by the serializer; every documented field is present, nulls included.

/// <summary>The page object that wraps every response.</summary>
public sealed record PageDto(string Id, string Name, string Url, string TimeZone, string UpdatedAt);

/// <summary>The page rollup.</summary>
public sealed record StatusDto(string Indicator, string Description);

/// <summary>A component or a group (group: true, with its member ids in components).</summary>
public sealed record ComponentDto(
    string Id,
    string Name,
    string Status,
    string CreatedAt,
    string UpdatedAt,
    int Position,
    string? Description,
    bool Showcase,
    string? StartDate,
    string? GroupId,
    string PageId,
    bool Group,
    bool OnlyShowIfDegraded)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Components { get; init; }
}

/// <summary>One entry of an update's affected_components.</summary>
public sealed record AffectedComponentDto(string Code, string Name, string OldStatus, string NewStatus);

/// <summary>
/// An incident_update, plus two fields Statuspage does not have (clients that do not know them ignore them):
/// added_later marks a postscript on a resolved incident, edited_at the last correction of the text (null if none).
/// </summary>
public sealed record IncidentUpdateDto(
    string Id,
    string Status,
    string Body,
    string IncidentId,
    string CreatedAt,
    string UpdatedAt,
    string DisplayAt,
    IReadOnlyList<AffectedComponentDto>? AffectedComponents,
    bool DeliverNotifications,
    string? CustomTweet,
    string? TweetId,
    bool AddedLater,
    string? EditedAt);

/// <summary>An incident.</summary>
public sealed record IncidentDto(
    string Id,
    string Name,
    string Status,
    string Impact,
    string CreatedAt,
    string UpdatedAt,
    string? StartedAt,
    string? MonitoringAt,
    string? ResolvedAt,
    string Shortlink,
    string PageId,
    IReadOnlyList<IncidentUpdateDto> IncidentUpdates,
    IReadOnlyList<ComponentDto> Components,
    string? PostmortemBody,
    string? PostmortemPublishedAt);

/// <summary>A scheduled_maintenance: the incident shape plus its window.</summary>
public sealed record MaintenanceDto(
    string Id,
    string Name,
    string Status,
    string Impact,
    string CreatedAt,
    string UpdatedAt,
    string? StartedAt,
    string? MonitoringAt,
    string? ResolvedAt,
    string Shortlink,
    string PageId,
    string ScheduledFor,
    string ScheduledUntil,
    bool ScheduledAutoInProgress,
    bool ScheduledAutoCompleted,
    IReadOnlyList<IncidentUpdateDto> IncidentUpdates,
    IReadOnlyList<ComponentDto> Components);

/// <summary>summary.json</summary>
public sealed record SummaryDto(PageDto Page, IReadOnlyList<ComponentDto> Components, IReadOnlyList<IncidentDto> Incidents, IReadOnlyList<MaintenanceDto> ScheduledMaintenances, StatusDto Status);

/// <summary>status.json</summary>
public sealed record StatusResponseDto(PageDto Page, StatusDto Status);

/// <summary>components.json</summary>
public sealed record ComponentsResponseDto(PageDto Page, IReadOnlyList<ComponentDto> Components);

/// <summary>incidents.json and incidents/unresolved.json</summary>
public sealed record IncidentsResponseDto(PageDto Page, IReadOnlyList<IncidentDto> Incidents);

/// <summary>scheduled-maintenances*.json</summary>
public sealed record MaintenancesResponseDto(PageDto Page, IReadOnlyList<MaintenanceDto> ScheduledMaintenances);
