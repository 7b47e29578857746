using Pharos.Admin.Commands;
using Pharos.Audit;
using Pharos.Config;
using Pharos.Domain;
using Pharos.Writes;

namespace Pharos.Admin;

/// <summary>The changes people make to incidents, for the admin forms and /api/v1 alike: the rules of <see cref="IncidentCommands"/> through the one write path.</summary>
public sealed class IncidentService(StatusWriter writer, SiteCatalog config)
{
    public Task<WriteResult<Incident>> CreateAsync(IncidentDraft draft, Actor actor, CancellationToken ct) =>
        writer.CreateIncidentAsync(
            actor,
            draft.StartedAt is not null || draft.ResolvedAt is not null ? "incident.backfill" : "incident.create",
            (now, v) => IncidentCommands.Create(draft, config, now, v),
            i => $"Opened \"{i.Name}\"",
            ct);

    public Task<WriteResult<Incident>> PostUpdateAsync(string id, UpdateDraft draft, Actor actor, CancellationToken ct) =>
        writer.ChangeIncidentAsync(id, actor, "incident.update", (i, now, v) => IncidentCommands.PostUpdate(i, draft, config, now, v), i => $"Posted {WireNames.Of(i.Status)} update on \"{i.Name}\"", ct);

    public Task<WriteResult<Incident>> ResolveAsync(string id, string? message, Actor actor, CancellationToken ct) =>
        writer.ChangeIncidentAsync(id, actor, "incident.resolve", (i, now, v) => IncidentCommands.Resolve(i, message, config, now, v), i => $"Resolved \"{i.Name}\"", ct);

    public Task<WriteResult<Incident>> PostmortemAsync(string id, string? body, bool publish, Actor actor, CancellationToken ct) =>
        writer.ChangeIncidentAsync(id, actor, "incident.postmortem", (i, now, v) => IncidentCommands.Postmortem(i, body, publish, now, v), i => $"{(publish ? "Published" : "Saved")} the postmortem of \"{i.Name}\"", ct);

    public Task<WriteResult<Incident>> AddLateNoteAsync(string id, string? message, bool social, Actor actor, CancellationToken ct) =>
        writer.ChangeIncidentAsync(id, actor, "incident.note", (i, now, v) => IncidentCommands.AddLateNote(i, message, social, now, v), i => $"Added a late note to \"{i.Name}\"", ct);

    public Task<WriteResult<Incident>> EditUpdateAsync(string id, string updateId, string? message, Actor actor, CancellationToken ct) =>
        writer.ChangeIncidentAsync(id, actor, "incident.update.edit", (i, now, v) => IncidentCommands.EditUpdate(i, updateId, message, now, v), i => $"Edited update {updateId} of \"{i.Name}\"", ct);

    public Task<WriteResult<Incident>> DeleteUpdateAsync(string id, string updateId, Actor actor, CancellationToken ct) =>
        writer.ChangeIncidentAsync(id, actor, "incident.update.delete", (i, now, v) => IncidentCommands.DeleteUpdate(i, updateId, now, v), i => $"Deleted update {updateId} of \"{i.Name}\"", ct);
}
