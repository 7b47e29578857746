using Pharos.Admin.Commands;
using Pharos.Audit;
using Pharos.Config;
using Pharos.Domain;
using Pharos.Failover;
using Pharos.Writes;

namespace Pharos.Admin;

/// <summary>The changes people make to maintenance windows, for the forms and /api/v1: <see cref="MaintenanceCommands"/> through the one write path.</summary>
public sealed class MaintenanceService(StatusWriter writer, SiteCatalog config, IFailoverStatus failover)
{
    private IReadOnlyCollection<string> Policies => failover.Policies.Select(p => p.Id).ToList();

    public Task<WriteResult<Maintenance>> ScheduleAsync(MaintenanceDraft draft, Actor actor, CancellationToken ct) =>
        writer.CreateMaintenanceAsync(actor, "maintenance.schedule", (now, v) => MaintenanceCommands.Schedule(draft, config, now, v, Policies), m => $"Scheduled \"{m.Name}\"{Moves(m)}", ct);

    public Task<WriteResult<Maintenance>> UpdateAsync(string id, MaintenanceUpdateDraft draft, Actor actor, CancellationToken ct) =>
        writer.ChangeMaintenanceAsync(id, actor, "maintenance.update", (m, now, v) => MaintenanceCommands.Update(m, draft, config, now, v, Policies), m => $"Updated \"{m.Name}\" ({WireNames.Of(m.Status)}){Moves(m)}", ct);

    private static string Moves(Maintenance m) => m.FailoverPolicy is { } p ? $"; moves failover policy {p} to the standby for the window" : "";

    public Task<WriteResult<Maintenance>> CancelAsync(string id, string? message, Actor actor, CancellationToken ct) =>
        writer.ChangeMaintenanceAsync(id, actor, "maintenance.cancel", (m, now, v) => MaintenanceCommands.Cancel(m, message, now, v), m => $"Cancelled \"{m.Name}\"", ct);
}
