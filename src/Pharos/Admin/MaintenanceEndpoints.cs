using Pharos.Writes;
using Pharos.Http;
using Pharos.Accounts;
using Pharos.Admin.Commands;
using Pharos.Admin.Views;
using Pharos.Domain;
using Pharos.Markdown;
using Pharos.StatusPage;
using Pharos.Storage;

namespace Pharos.Admin;

/// <summary>The maintenance forms: schedule (window in the display zone), update, cancel.</summary>
internal static class MaintenanceEndpoints
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/maintenance/new", (HttpContext http, AdminPages pages) =>
            pages.RenderAsync<MaintenanceNewPage>(http, new() { ["Values"] = FormValues.Empty })).RequireAuthorization(AuthPolicies.AdminMaintenanceWrite);

        admin.MapPost("/maintenance", async (HttpContext http, AdminPages pages, MaintenanceService service, StatusSite site) =>
        {
            var form = FormValues.From(await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false));
            var v = new Validation();
            var times = site.Snapshot!.Times;
            var draft = new MaintenanceDraft
            {
                Name = form["name"],
                ScheduledFor = LocalTimes.Parse(times, form["scheduled_for"], "scheduled_for", v),
                ScheduledUntil = LocalTimes.Parse(times, form["scheduled_until"], "scheduled_until", v),
                Components = form.WithPrefix("component.").Keys.ToList(),
                Message = form["message"],
                AutoStart = form.Checked("auto_start"),
                Social = form.Checked("social"),
                AutoComplete = form.Checked("auto_complete"),
                FailoverPolicy = form["failover_policy"],
            };
            MaintenanceCommands.RequireAdminToMoveDns(draft.FailoverPolicy, http.User.HasScope(Scopes.Admin), v);
            var result = v.IsValid ? await service.ScheduleAsync(draft, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false) : null;
            if (result is { Outcome: WriteOutcome.Ok })
            {
                await AdminPages.SeeOther($"/admin/maintenance/{result.Value!.Id}", "Maintenance scheduled.").ExecuteAsync(http).ConfigureAwait(false);
                return;
            }

            await pages.RenderAsync<MaintenanceNewPage>(http, new() { ["Values"] = form, ["Errors"] = result?.Validation ?? v }, StatusCodes.Status400BadRequest).ConfigureAwait(false);
        }).RequireAuthorization(AuthPolicies.AdminMaintenanceWrite);

        admin.MapGet("/maintenance/{id}", (HttpContext http, AdminPages pages, IStatusStore store, MarkdownRenderer markdown, string id) =>
            RenderAsync(http, pages, store, markdown, id, FormValues.Empty, null)).RequireAuthorization(AuthPolicies.AdminRead);

        admin.MapPost("/maintenance/{id}/update", async (HttpContext http, AdminPages pages, MaintenanceService service, IStatusStore store, MarkdownRenderer markdown, StatusSite site, string id) =>
        {
            var form = FormValues.From(await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false));
            var v = new Validation();
            var times = site.Snapshot!.Times;
            var draft = new MaintenanceUpdateDraft
            {
                Status = form["status"],
                Message = form["message"],
                ScheduledFor = LocalTimes.Parse(times, form["scheduled_for"], "scheduled_for", v),
                ScheduledUntil = LocalTimes.Parse(times, form["scheduled_until"], "scheduled_until", v),
                AutoStart = form.Checked("auto_start"),
                Social = form.Checked("social"),
                AutoComplete = form.Checked("auto_complete"),
            };
            var result = v.IsValid ? await service.UpdateAsync(id, draft, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false) : null;
            await Finish(http, pages, store, markdown, id, form, result, v, "Maintenance updated.").ConfigureAwait(false);
        }).RequireAuthorization(AuthPolicies.AdminMaintenanceWrite);

        admin.MapPost("/maintenance/{id}/cancel", async (HttpContext http, AdminPages pages, MaintenanceService service, IStatusStore store, MarkdownRenderer markdown, string id) =>
        {
            var form = FormValues.From(await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false));
            var result = await service.CancelAsync(id, form["message"], PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            await Finish(http, pages, store, markdown, id, form, result, result.Validation, "Maintenance cancelled.").ConfigureAwait(false);
        }).RequireAuthorization(AuthPolicies.AdminMaintenanceWrite);
    }

    private static async Task Finish(HttpContext http, AdminPages pages, IStatusStore store, MarkdownRenderer markdown, string id, FormValues form, WriteResult<Maintenance>? result, Validation v, string notice)
    {
        if (result?.Outcome == WriteOutcome.Ok)
        {
            await AdminPages.SeeOther($"/admin/maintenance/{id}", notice).ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        if (result?.Outcome == WriteOutcome.Conflict)
        {
            v.Add("status", "The maintenance changed at the same moment (perhaps its window opened); nothing was saved. Check it and try again.");
        }

        await RenderAsync(http, pages, store, markdown, id, form, result?.Validation is { IsValid: false } r ? r : v, StatusCodes.Status400BadRequest).ConfigureAwait(false);
    }

    private static async Task RenderAsync(HttpContext http, AdminPages pages, IStatusStore store, MarkdownRenderer markdown, string id, FormValues form, Validation? errors, int status = 200)
    {
        var m = Ids.IsWellFormed(id) ? await store.GetMaintenanceAsync(id, http.RequestAborted).ConfigureAwait(false) : null;
        if (m is null)
        {
            await IncidentEndpoints.NotFound(http, pages).ConfigureAwait(false);
            return;
        }

        await pages.RenderAsync<MaintenancePage>(http, new() { ["Maintenance"] = m, ["Markdown"] = markdown, ["Values"] = form, ["Errors"] = errors }, status).ConfigureAwait(false);
    }
}
