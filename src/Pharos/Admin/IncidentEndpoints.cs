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

/// <summary>The incident forms: create (with templates, preview and backfill), update, resolve, late notes, postmortem, edit and delete updates.</summary>
internal static class IncidentEndpoints
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/incidents/new", (HttpContext http, AdminPages pages, IReadOnlyList<IncidentTemplateConfig> templates) =>
        {
            var values = FormValues.Empty;
            var template = templates.FirstOrDefault(t => t.Id == http.Request.Query["template"]);
            if (template is not null)
            {
                values["template"] = template.Id;
                values["name"] = template.Name;
                values["impact"] = template.Impact ?? "";
                values["status"] = template.Status ?? "";
                values["message"] = template.Message;
                foreach (var (id, status) in template.Components)
                {
                    values["component." + id] = status;
                }
            }

            return pages.RenderAsync<IncidentNewPage>(http, new() { ["Values"] = values, ["Templates"] = templates });
        }).RequireAuthorization(AuthPolicies.AdminIncidentsWrite);

        admin.MapPost("/incidents", CreateAsync).RequireAuthorization(AuthPolicies.AdminIncidentsWrite);
        admin.MapGet("/incidents/{id}", async (HttpContext http, AdminPages pages, IStatusStore store, MarkdownRenderer markdown, string id) =>
        {
            var incident = Ids.IsWellFormed(id) ? await store.GetIncidentAsync(id, http.RequestAborted).ConfigureAwait(false) : null;
            if (incident is null)
            {
                await NotFound(http, pages).ConfigureAwait(false);
                return;
            }

            await pages.RenderAsync<IncidentPage>(http, new() { ["Incident"] = incident, ["Markdown"] = markdown, ["Values"] = FormValues.Empty }).ConfigureAwait(false);
        }).RequireAuthorization(AuthPolicies.AdminRead);

        admin.MapPost("/incidents/{id}/updates", async (HttpContext http, AdminPages pages, IncidentService incidents, IStatusStore store, MarkdownRenderer markdown, string id) =>
        {
            var form = FormValues.From(await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false));
            if (form["action"] == "preview")
            {
                await RenderIncidentAsync(http, pages, store, markdown, id, form, null, markdown.ToHtml(form["message"])).ConfigureAwait(false);
                return;
            }

            var draft = new UpdateDraft { Status = form["status"], Message = form["message"], Components = form.WithPrefix("component."), Social = form.Checked("social") };
            var result = await incidents.PostUpdateAsync(id, draft, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            await Finish(http, pages, store, markdown, id, form, result, "Update posted.").ConfigureAwait(false);
        }).RequireAuthorization(AuthPolicies.AdminIncidentsWrite);

        admin.MapPost("/incidents/{id}/resolve", async (HttpContext http, AdminPages pages, IncidentService incidents, IStatusStore store, MarkdownRenderer markdown, string id) =>
        {
            var form = FormValues.From(await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false));
            var result = await incidents.ResolveAsync(id, form["message"], PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            await Finish(http, pages, store, markdown, id, form, result, "Incident resolved.").ConfigureAwait(false);
        }).RequireAuthorization(AuthPolicies.AdminIncidentsWrite);

        admin.MapPost("/incidents/{id}/postmortem", async (HttpContext http, AdminPages pages, IncidentService incidents, IStatusStore store, MarkdownRenderer markdown, string id) =>
        {
            var form = FormValues.From(await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false));
            var result = await incidents.PostmortemAsync(id, form["body"], form.Checked("publish"), PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            await Finish(http, pages, store, markdown, id, form, result, "Postmortem saved.").ConfigureAwait(false);
        }).RequireAuthorization(AuthPolicies.AdminIncidentsWrite);

        admin.MapPost("/incidents/{id}/notes", async (HttpContext http, AdminPages pages, IncidentService incidents, IStatusStore store, MarkdownRenderer markdown, string id) =>
        {
            var form = FormValues.From(await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false));
            var result = await incidents.AddLateNoteAsync(id, form["message"], form.Checked("social"), PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            await Finish(http, pages, store, markdown, id, form, result, "Note added; the incident stays resolved.").ConfigureAwait(false);
        }).RequireAuthorization(AuthPolicies.AdminIncidentsWrite);

        admin.MapPost("/incidents/{id}/updates/{updateId}/edit", async (HttpContext http, AdminPages pages, IncidentService incidents, IStatusStore store, MarkdownRenderer markdown, string id, string updateId) =>
        {
            var form = FormValues.From(await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false));
            var result = await incidents.EditUpdateAsync(id, updateId, form["message"], PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            await Finish(http, pages, store, markdown, id, FormValues.Empty, result, "Update corrected; the old text is in the audit log.").ConfigureAwait(false);
        }).RequireAuthorization(AuthPolicies.AdminIncidentsWrite);

        admin.MapPost("/incidents/{id}/updates/{updateId}/delete", async (HttpContext http, AdminPages pages, IncidentService incidents, IStatusStore store, MarkdownRenderer markdown, string id, string updateId) =>
        {
            var result = await incidents.DeleteUpdateAsync(id, updateId, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            await Finish(http, pages, store, markdown, id, FormValues.Empty, result, "Update deleted; its text is in the audit log.").ConfigureAwait(false);
        }).RequireAuthorization(AuthPolicies.AdminIncidentsWrite);
    }

    private static async Task CreateAsync(HttpContext http, AdminPages pages, IncidentService incidents, MarkdownRenderer markdown, StatusSite site, IReadOnlyList<IncidentTemplateConfig> templates)
    {
        var form = FormValues.From(await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false));
        if (form["action"] == "preview")
        {
            await pages.RenderAsync<IncidentNewPage>(http, new() { ["Values"] = form, ["PreviewHtml"] = markdown.ToHtml(form["message"]), ["Templates"] = templates }).ConfigureAwait(false);
            return;
        }

        var v = new Validation();
        var times = site.Snapshot!.Times;
        var draft = new IncidentDraft
        {
            Name = form["name"],
            Impact = form["impact"] is { Length: > 0 } impact ? impact : null,
            Status = form["status"],
            Components = form.WithPrefix("component."),
            Message = form["message"],
            Social = form.Checked("social"),
            StartedAt = LocalTimes.Parse(times, form["started_at"], "started_at", v),
            ResolvedAt = LocalTimes.Parse(times, form["resolved_at"], "resolved_at", v),
        };
        var result = v.IsValid ? await incidents.CreateAsync(draft, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false) : null;
        if (result is { Outcome: WriteOutcome.Ok })
        {
            await AdminPages.SeeOther($"/admin/incidents/{result.Value!.Id}", "Incident published.").ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        await pages.RenderAsync<IncidentNewPage>(http, new() { ["Values"] = form, ["Errors"] = result?.Validation ?? v, ["Templates"] = templates }, StatusCodes.Status400BadRequest).ConfigureAwait(false);
    }

    private static async Task Finish(HttpContext http, AdminPages pages, IStatusStore store, MarkdownRenderer markdown, string id, FormValues form, WriteResult<Incident> result, string notice)
    {
        switch (result.Outcome)
        {
            case WriteOutcome.Ok:
                await AdminPages.SeeOther($"/admin/incidents/{id}", notice).ExecuteAsync(http).ConfigureAwait(false);
                return;
            case WriteOutcome.NotFound:
                await NotFound(http, pages).ConfigureAwait(false);
                return;
            case WriteOutcome.Conflict:
                result.Validation.Add("status", "Someone else changed this incident at the same moment; nothing was saved. Check it and try again.");
                break;
        }

        await RenderIncidentAsync(http, pages, store, markdown, id, form, result.Validation, null, StatusCodes.Status400BadRequest).ConfigureAwait(false);
    }

    private static async Task RenderIncidentAsync(HttpContext http, AdminPages pages, IStatusStore store, MarkdownRenderer markdown, string id, FormValues form, Validation? errors, string? preview, int status = 200)
    {
        var incident = Ids.IsWellFormed(id) ? await store.GetIncidentAsync(id, http.RequestAborted).ConfigureAwait(false) : null;
        if (incident is null)
        {
            await NotFound(http, pages).ConfigureAwait(false);
            return;
        }

        await pages.RenderAsync<IncidentPage>(http, new() { ["Incident"] = incident, ["Markdown"] = markdown, ["Values"] = form, ["Errors"] = errors, ["PreviewHtml"] = preview }, status).ConfigureAwait(false);
    }

    internal static Task NotFound(HttpContext http, AdminPages pages) =>
        pages.RenderAsync<MessagePage>(http, new() { ["Heading"] = "Not found", ["Message"] = "There is nothing at this address." }, StatusCodes.Status404NotFound);
}
