using Pharos.Http;
using Pharos.Admin.Commands;
using Pharos.Audit;
using Pharos.Config;
using Pharos.Domain;
using Pharos.StatusPage;
using Pharos.Storage;

namespace Pharos.Admin;

/// <summary>Every change people make to maintenance windows, with its audit row, for the forms and /api/v1.</summary>
public sealed partial class MaintenanceService(
    IStatusStore status,
    IAdminStore admin,
    PharosConfig config,
    TimeProvider time,
    StatusRefresher refresher,
    ILogger<MaintenanceService> logger)
{
    public async Task<WriteResult<Maintenance>> ScheduleAsync(MaintenanceDraft draft, Actor actor, CancellationToken ct)
    {
        var v = new Validation();
        var now = time.GetUtcNow();
        var m = MaintenanceCommands.Schedule(draft, config, now, v);
        if (m is null)
        {
            return new WriteResult<Maintenance>(WriteOutcome.Invalid, null, v);
        }

        await admin.SaveMaintenanceAsync(null, m, Audit(actor, now, "maintenance.schedule", null, m, $"Scheduled \"{m.Name}\""), ct).ConfigureAwait(false);
        Done("maintenance.schedule", m.Id, actor);
        return new WriteResult<Maintenance>(WriteOutcome.Ok, m, v);
    }

    public Task<WriteResult<Maintenance>> UpdateAsync(string id, MaintenanceUpdateDraft draft, Actor actor, CancellationToken ct) =>
        ChangeAsync(id, "maintenance.update", actor, (m, now, v) => MaintenanceCommands.Update(m, draft, config, now, v), m => $"Updated \"{m.Name}\" ({WireNames.Of(m.Status)})", ct);

    public Task<WriteResult<Maintenance>> CancelAsync(string id, string? message, Actor actor, CancellationToken ct) =>
        ChangeAsync(id, "maintenance.cancel", actor, (m, now, v) => MaintenanceCommands.Cancel(m, message, now, v), m => $"Cancelled \"{m.Name}\"", ct);

    private async Task<WriteResult<Maintenance>> ChangeAsync(
        string id, string action, Actor actor, Func<Maintenance, DateTimeOffset, Validation, Maintenance?> apply, Func<Maintenance, string> summary, CancellationToken ct)
    {
        var result = await OptimisticWrite.RunAsync(
            time,
            () => Ids.IsWellFormed(id) ? status.GetMaintenanceAsync(id, ct) : Task.FromResult<Maintenance?>(null),
            apply,
            (before, after, now) => admin.SaveMaintenanceAsync(before, after, Audit(actor, now, action, before, after, summary(after)), ct)).ConfigureAwait(false);
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

    private static AuditEntry Audit(Actor actor, DateTimeOffset now, string action, Maintenance? before, Maintenance after, string summary) =>
        OptimisticWrite.Audit(actor, now, action, "maintenance", after.Id, summary, before, after);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "{Action} on maintenance {MaintenanceId} by {Actor}")]
    private static partial void LogChanged(ILogger logger, string action, string maintenanceId, string actor);
}
