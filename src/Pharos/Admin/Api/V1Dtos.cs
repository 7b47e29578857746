using Pharos.Accounts;
using Pharos.Audit;
using Pharos.Domain;

namespace Pharos.Admin.Api;

// The shapes /api/v1 returns. Times are UTC ISO 8601; statuses use Statuspage's names, as in /api/v2.

public sealed record ComponentStatusDto(string Id, string Status);

public sealed record ComponentChangeDto(string Id, string OldStatus, string NewStatus);

/// <summary>An update; added_later marks a postscript on a resolved incident, edited_at the last correction of its text.</summary>
public sealed record UpdateDto(
    string Id, string Status, string Body, DateTimeOffset DisplayAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<ComponentChangeDto> ComponentChanges,
    bool AddedLater, bool Edited, DateTimeOffset? EditedAt)
{
    public static UpdateDto Of(IncidentUpdate u) => new(u.Id, WireNames.Of(u.Status), u.Body, u.DisplayAt, u.CreatedAt, u.UpdatedAt,
        u.ComponentChanges.Select(c => new ComponentChangeDto(c.ComponentId, WireNames.Of(c.OldStatus), WireNames.Of(c.NewStatus))).ToList(),
        u.AddedLater, u.EditedAt is not null, u.EditedAt);
}

public sealed record IncidentDto(
    string Id,
    string Name,
    string Status,
    string Impact,
    DateTimeOffset StartedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    bool Backfilled,
    string? Postmortem,
    DateTimeOffset? PostmortemPublishedAt,
    IReadOnlyList<ComponentStatusDto> Components,
    IReadOnlyList<UpdateDto> Updates)
{
    public static IncidentDto Of(Incident i) => new(i.Id, i.Name, WireNames.Of(i.Status), WireNames.Of(i.Impact), i.StartedAt, i.ResolvedAt, i.CreatedAt,
        i.UpdatedAt, i.Backfilled, i.PostmortemBody, i.PostmortemPublishedAt,
        i.Components.Select(c => new ComponentStatusDto(c.ComponentId, WireNames.Of(c.Status))).ToList(), i.Updates.Select(UpdateDto.Of).ToList());
}

public sealed record MaintenanceDto(
    string Id,
    string Name,
    string Status,
    string Impact,
    DateTimeOffset ScheduledFor,
    DateTimeOffset ScheduledUntil,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    bool AutoStart,
    bool AutoComplete,
    bool Cancelled,
    IReadOnlyList<string> Components,
    IReadOnlyList<UpdateDto> Updates,
    string? FailoverPolicy)
{
    public static MaintenanceDto Of(Maintenance m) => new(m.Id, m.Name, WireNames.Of(m.Status), WireNames.Of(m.Impact), m.ScheduledFor, m.ScheduledUntil,
        m.StartedAt, m.CompletedAt, m.AutoStart, m.AutoComplete, m.Cancelled, m.ComponentIds, m.Updates.Select(UpdateDto.Of).ToList(), m.FailoverPolicy);
}

public sealed record TokenDto(string Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public static TokenDto Of(ApiToken t) => new(t.Id, t.Name, t.Prefix, t.Scopes, t.CreatedAt, t.CreatedBy, t.LastUsedAt, t.RevokedAt);
}

/// <summary>Returned once, when a token is created: the only time the secret is shown.</summary>
public sealed record NewTokenDto(TokenDto Token, string Secret);

public sealed record AuditDto(long Id, DateTimeOffset At, string ActorKind, string ActorId, string ActorName, string? Address, string Action, string TargetType, string TargetId, string Summary, string? Before, string? After)
{
    public static AuditDto Of(AuditEntry e) => new(e.Id, e.At, e.Actor.Kind, e.Actor.Id, e.Actor.Name, e.Actor.Address, e.Action, e.TargetType, e.TargetId, e.Summary, e.Before, e.After);
}

// Request shapes, for the OpenAPI document only: handlers read bodies with JsonFields to name each field at fault.

public sealed record CreateIncidentRequest(string Name, string? Impact, string? Status, Dictionary<string, string>? Components, string Message, DateTimeOffset? StartedAt, DateTimeOffset? ResolvedAt, string? ResolutionMessage, string? Template);

public sealed record PostUpdateRequest(string? Status, string Message, Dictionary<string, string>? Components, string? Impact);

public sealed record ResolveRequest(string? Message);

public sealed record PostmortemRequest(string Body, bool? Publish);

public sealed record EditUpdateRequest(string Message);

public sealed record LateNoteRequest(string Message, bool? Social);

public sealed record ScheduleMaintenanceRequest(string Name, string? Impact, DateTimeOffset ScheduledFor, DateTimeOffset ScheduledUntil, List<string>? Components, string Message, bool? AutoStart, bool? AutoComplete, string? FailoverPolicy);

public sealed record UpdateMaintenanceRequest(string? Status, string Message, string? Name, DateTimeOffset? ScheduledFor, DateTimeOffset? ScheduledUntil, List<string>? Components, bool? AutoStart, bool? AutoComplete, string? FailoverPolicy);

public sealed record CancelMaintenanceRequest(string? Message);

public sealed record CreateTokenRequest(string Name, List<string> Scopes);
