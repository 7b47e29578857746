using Pharos.Accounts;
using Pharos.Admin.Views;
using Pharos.Failover;
using Pharos.Failover.Audit;
using Pharos.Failover.Commands;
using Pharos.Failover.Providers;
using Pharos.Failover.Runbook;
using Pharos.Markdown;

namespace Pharos.Admin;

/// <summary>The failover page per policy: state, answers, history, queued commands, and the operator's buttons.</summary>
internal static class FailoverEndpoints
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/failover/{id}", (HttpContext http, AdminPages pages, IFailoverStatus status, TimeProvider time, string id) =>
            RenderAsync(http, pages, status, time, id, null, StatusCodes.Status200OK)).RequireAuthorization(AuthPolicies.AdminRead);

        admin.MapGet("/failover/{id}/runbook", async (HttpContext http, AdminPages pages, IFailoverStatus status, FailoverConfig config, MarkdownRenderer markdown, TimeProvider time, string id) =>
        {
            if (Runbook(http, status, config, time, id) is not { } md)
            {
                await IncidentEndpoints.NotFound(http, pages).ConfigureAwait(false);
                return;
            }

            await pages.RenderAsync<FailoverRunbookPage>(http, new() { ["PolicyId"] = id, ["Html"] = markdown.ToHtml(md) }, StatusCodes.Status200OK).ConfigureAwait(false);
        }).RequireAuthorization(AuthPolicies.AdminRead);

        admin.MapGet("/failover/{id}/runbook.md", (HttpContext http, IFailoverStatus status, FailoverConfig config, TimeProvider time, string id) =>
            Runbook(http, status, config, time, id) is { } md
                ? Results.File(System.Text.Encoding.UTF8.GetBytes(md), "text/markdown; charset=utf-8", $"runbook-{id}.md")
                : Results.NotFound()).RequireAuthorization(AuthPolicies.AdminRead);

        admin.MapPost("/failover/{id}/act", async (HttpContext http, AdminPages pages, IFailoverStatus status, IFailoverCommands commands, TimeProvider time, string id) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            var action = form["action"].ToString();
            var result = FailoverCommandKinds.TryParse(action, out var kind)
                ? await commands.RunAsync(new FailoverCommand(id, kind, PharosClaims.ActorOf(http), form["reason"].ToString(), kind == FailoverCommandKind.ToFailover && form["force"] == "on", kind == FailoverCommandKind.ToFailover && form["show"] == FailoverCommand.ShowMaintenance), http.RequestAborted).ConfigureAwait(false)
                : new FailoverCommandResult.Invalid("action", $"unknown action '{action}' (expected {FailoverCommandKinds.Names})");
            if (result.Succeeded)
            {
                await AdminPages.SeeOther($"/admin/failover/{id}", result.Message).ExecuteAsync(http).ConfigureAwait(false);
                return;
            }

            await RenderAsync(http, pages, status, time, id, result.Message, StatusOf(result)).ConfigureAwait(false);
        }).RequireAuthorization(AuthPolicies.AdminAdmin);
    }

    /// <summary>Renders the page again after a refused command; <see cref="ParityEndpoints"/> shows its errors the same way.</summary>
    internal static Task RenderErrorAsync(HttpContext http, AdminPages pages, IFailoverStatus status, TimeProvider time, string id, string error, int code) =>
        RenderAsync(http, pages, status, time, id, error, code);

    /// <summary>A refused command is the operator's to fix (400); one that could not be saved is the server's (503).</summary>
    private static int StatusOf(FailoverCommandResult result) => result switch
    {
        FailoverCommandResult.UnknownPolicy => StatusCodes.Status404NotFound,
        FailoverCommandResult.Invalid => StatusCodes.Status400BadRequest,
        FailoverCommandResult.Refused => StatusCodes.Status409Conflict,
        FailoverCommandResult.ApplyFailed => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status503ServiceUnavailable,
    };

    /// <summary>The policy's runbook as Markdown; null for an unknown policy.</summary>
    private static string? Runbook(HttpContext http, IFailoverStatus status, FailoverConfig config, TimeProvider time, string id)
    {
        if (status.Find(id) is not { } policy)
        {
            return null;
        }

        var providerDefault = http.RequestServices.GetService<RecordProviders>()?.For(policy).DefaultNameservers ?? [];
        return PolicyRunbook.Write(policy, config, AuditSources.Nameservers(policy, providerDefault), time.GetUtcNow());
    }

    private static async Task RenderAsync(HttpContext http, AdminPages pages, IFailoverStatus status, TimeProvider time, string id, string? error, int code)
    {
        var audits = http.RequestServices.GetRequiredService<RecordAuditStore>();
        var parity = http.RequestServices.GetRequiredService<Pharos.Failover.Parity.ParityStore>();
        if (status.Find(id) is not { } policy)
        {
            await IncidentEndpoints.NotFound(http, pages).ConfigureAwait(false);
            return;
        }

        await pages.RenderAsync<FailoverPolicyPage>(http, new()
        {
            ["Policy"] = policy,
            ["State"] = status.StateOf(id),
            ["History"] = await status.HistoryAsync(id, 50, http.RequestAborted).ConfigureAwait(false),
            ["Queued"] = await status.QueuedCommandsAsync(id, 10, http.RequestAborted).ConfigureAwait(false),
            ["Answers"] = status.AnswersOf(id),
            ["Audit"] = await audits.LatestAsync(id, http.RequestAborted).ConfigureAwait(false),
            ["AuditRuns"] = await audits.RunsAsync(id, 10, http.RequestAborted).ConfigureAwait(false),
            ["Parity"] = await parity.LatestAsync(id, http.RequestAborted).ConfigureAwait(false),
            ["ParityRuns"] = await parity.RunsAsync(id, 10, http.RequestAborted).ConfigureAwait(false),
            ["Error"] = error,
            ["Now"] = time.GetUtcNow(),
        }, code).ConfigureAwait(false);
    }
}
