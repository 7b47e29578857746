using Pharos.Http;
using Pharos.Admin.Commands;
using Pharos.Audit;
using Pharos.Config;
using Pharos.Domain;
using Pharos.StatusPage;
using Pharos.Storage;

namespace Pharos.Admin;

/// <summary>
/// Every change people make to incidents, for the admin forms and /api/v1 alike: load, apply the rule, save with
/// its audit row in one transaction, and refresh the public page at once.
/// </summary>
public sealed partial class IncidentService(
    IStatusStore status,
    IAdminStore admin,
    PharosConfig config,
    TimeProvider time,
    StatusRefresher refresher,
    ILogger<IncidentService> logger)
{
    public async Task<WriteResult<Incident>> CreateAsync(IncidentDraft draft, Actor actor, CancellationToken ct)
    {
        var v = new Validation();
        var now = time.GetUtcNow();
        var incident = IncidentCommands.Create(draft, config, now, v);
        if (incident is null)
        {
            return new WriteResult<Incident>(WriteOutcome.Invalid, null, v);
        }

        var action = incident.Backfilled ? "incident.backfill" : "incident.create";
        await admin.SaveIncidentAsync(null, incident, Audit(actor, now, action, null, incident, $"Opened \"{incident.Name}\""), ct).ConfigureAwait(false);
        Done(action, incident.Id, actor);
        return new WriteResult<Incident>(WriteOutcome.Ok, incident, v);
    }

    public Task<WriteResult<Incident>> PostUpdateAsync(string id, UpdateDraft draft, Actor actor, CancellationToken ct) =>
        ChangeAsync(id, "incident.update", actor, (i, now, v) => IncidentCommands.PostUpdate(i, draft, config, now, v), i => $"Posted {WireNames.Of(i.Status)} update on \"{i.Name}\"", ct);

    public Task<WriteResult<Incident>> ResolveAsync(string id, string? message, Actor actor, CancellationToken ct) =>
        ChangeAsync(id, "incident.resolve", actor, (i, now, v) => IncidentCommands.Resolve(i, message, config, now, v), i => $"Resolved \"{i.Name}\"", ct);

    public Task<WriteResult<Incident>> PostmortemAsync(string id, string? body, bool publish, Actor actor, CancellationToken ct) =>
        ChangeAsync(id, "incident.postmortem", actor, (i, now, v) => IncidentCommands.Postmortem(i, body, publish, now, v), i => $"{(publish ? "Published" : "Saved")} the postmortem of \"{i.Name}\"", ct);

    public Task<WriteResult<Incident>> EditUpdateAsync(string id, string updateId, string? message, Actor actor, CancellationToken ct) =>
        ChangeAsync(id, "incident.update.edit", actor, (i, now, v) => IncidentCommands.EditUpdate(i, updateId, message, now, v), i => $"Edited update {updateId} of \"{i.Name}\"", ct);

    public Task<WriteResult<Incident>> DeleteUpdateAsync(string id, string updateId, Actor actor, CancellationToken ct) =>
        ChangeAsync(id, "incident.update.delete", actor, (i, now, v) => IncidentCommands.DeleteUpdate(i, updateId, now, v), i => $"Deleted update {updateId} of \"{i.Name}\"", ct);

    private async Task<WriteResult<Incident>> ChangeAsync(
        string id, string action, Actor actor, Func<Incident, DateTimeOffset, Validation, Incident?> apply, Func<Incident, string> summary, CancellationToken ct)
    {
        var result = await OptimisticWrite.RunAsync(
            time,
            () => Ids.IsWellFormed(id) ? status.GetIncidentAsync(id, ct) : Task.FromResult<Incident?>(null),
            apply,
            (before, after, now) => admin.SaveIncidentAsync(before, after, Audit(actor, now, action, before, after, summary(after)), ct)).ConfigureAwait(false);
        if (result.Outcome == WriteOutcome.Ok)
        {
            Done(action, id, actor);
        }

        return result;
    }

    private void Done(string action, string id, Actor actor)
    {
        refresher.RequestRefresh();
        LogChanged(logger, action, id, actor.ToString());
    }

    private static AuditEntry Audit(Actor actor, DateTimeOffset now, string action, Incident? before, Incident after, string summary) =>
        OptimisticWrite.Audit(actor, now, action, "incident", after.Id, summary, before, after);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "{Action} on incident {IncidentId} by {Actor}")]
    private static partial void LogChanged(ILogger logger, string action, string incidentId, string actor);
}
