using Pharos.Writes;
using Pharos.Http;
using Pharos.Accounts;
using Pharos.Admin.Commands;
using Pharos.Domain;
using Pharos.StatusPage;
using Pharos.Storage;

namespace Pharos.Admin.Api;

/// <summary>/api/v1/maintenances: schedule, update and cancel maintenance windows.</summary>
public static class MaintenancesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/maintenances").WithTags("Maintenance");
        g.MapGet("", List).RequireAuthorization(AuthPolicies.ApiRead).Produces<List<MaintenanceDto>>();
        g.MapGet("/{id}", GetAsync).RequireAuthorization(AuthPolicies.ApiRead).Produces<MaintenanceDto>();
        g.MapPost("", ScheduleAsync).RequireAuthorization(AuthPolicies.ApiMaintenanceWrite)
            .Accepts<ScheduleMaintenanceRequest>("application/json").Produces<MaintenanceDto>(201).ProducesValidationProblem();
        g.MapPost("/{id}/updates", UpdateAsync).RequireAuthorization(AuthPolicies.ApiMaintenanceWrite)
            .Accepts<UpdateMaintenanceRequest>("application/json").Produces<MaintenanceDto>().ProducesValidationProblem();
        g.MapPost("/{id}/cancel", CancelAsync).RequireAuthorization(AuthPolicies.ApiMaintenanceWrite)
            .Accepts<CancelMaintenanceRequest>("application/json").Produces<MaintenanceDto>().ProducesValidationProblem();
    }

    /// <summary>Upcoming, active and recent windows from the snapshot.</summary>
    private static Task List(HttpContext http, StatusSite site) =>
        new ApiReply(200, site.Snapshot!.Maintenances.OrderByDescending(m => m.ScheduledFor).Select(MaintenanceDto.Of).ToList()).WriteAsync(http);

    private static async Task GetAsync(HttpContext http, IStatusStore store, string id)
    {
        var m = Ids.IsWellFormed(id) ? await store.GetMaintenanceAsync(id, http.RequestAborted).ConfigureAwait(false) : null;
        await (m is null ? Problems.NotFound($"There is no maintenance '{id}'.") : new ApiReply(200, MaintenanceDto.Of(m))).WriteAsync(http).ConfigureAwait(false);
    }

    private static async Task ScheduleAsync(HttpContext http, MaintenanceService maintenance, Idempotency idem)
    {
        var body = await ApiV1.ReadBodyAsync(http).ConfigureAwait(false);
        await idem.RunAsync(http, body, async () =>
        {
            var v = new Validation();
            var f = JsonFields.Parse(body, v, "name", "impact", "scheduled_for", "scheduled_until", "components", "message", "auto_start", "auto_complete", "social", "failover_policy");
            if (f is null)
            {
                return Problems.Invalid(v);
            }

            var draft = new MaintenanceDraft
            {
                Name = f.String("name"),
                Impact = f.String("impact"),
                ScheduledFor = f.Time("scheduled_for"),
                ScheduledUntil = f.Time("scheduled_until"),
                Components = f.StringList("components") ?? [],
                Message = f.String("message"),
                AutoStart = f.Bool("auto_start") ?? true,
                Social = f.Bool("social") ?? false,
                AutoComplete = f.Bool("auto_complete") ?? true,
                FailoverPolicy = f.String("failover_policy"),
            };
            MaintenanceCommands.RequireAdminToMoveDns(draft.FailoverPolicy, http.User.HasScope(Scopes.Admin), v);
            if (!v.IsValid)
            {
                return Problems.Invalid(v);
            }

            var r = await maintenance.ScheduleAsync(draft, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            return r.Outcome == WriteOutcome.Ok
                ? new ApiReply(201, MaintenanceDto.Of(r.Value!), Location: $"/api/v1/maintenances/{r.Value!.Id}")
                : Reply(r, "");
        }).ConfigureAwait(false);
    }

    private static async Task UpdateAsync(HttpContext http, MaintenanceService maintenance, Idempotency idem, string id)
    {
        var body = await ApiV1.ReadBodyAsync(http).ConfigureAwait(false);
        await idem.RunAsync(http, body, async () =>
        {
            var v = new Validation();
            var f = JsonFields.Parse(body, v, "status", "message", "name", "scheduled_for", "scheduled_until", "components", "auto_start", "auto_complete", "social", "failover_policy");
            if (f is null)
            {
                return Problems.Invalid(v);
            }

            var draft = new MaintenanceUpdateDraft
            {
                Status = f.String("status"),
                Message = f.String("message"),
                Name = f.String("name"),
                ScheduledFor = f.Time("scheduled_for"),
                ScheduledUntil = f.Time("scheduled_until"),
                Components = f.StringList("components"),
                AutoStart = f.Bool("auto_start"),
                Social = f.Bool("social") ?? false,
                AutoComplete = f.Bool("auto_complete"),
                FailoverPolicy = f.String("failover_policy"),
            };
            MaintenanceCommands.RequireAdminToMoveDns(draft.FailoverPolicy, http.User.HasScope(Scopes.Admin), v);
            return v.IsValid ? Reply(await maintenance.UpdateAsync(id, draft, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false), id) : Problems.Invalid(v);
        }).ConfigureAwait(false);
    }

    private static async Task CancelAsync(HttpContext http, MaintenanceService maintenance, Idempotency idem, string id)
    {
        var body = await ApiV1.ReadBodyAsync(http).ConfigureAwait(false);
        await idem.RunAsync(http, body, async () =>
        {
            var v = new Validation();
            var f = JsonFields.Parse(body, v, "message");
            var message = f?.String("message");
            return f is null || !v.IsValid ? Problems.Invalid(v) : Reply(await maintenance.CancelAsync(id, message, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false), id);
        }).ConfigureAwait(false);
    }

    private static ApiReply Reply(WriteResult<Maintenance> r, string id) => r.Outcome switch
    {
        WriteOutcome.Ok => new ApiReply(200, MaintenanceDto.Of(r.Value!)),
        WriteOutcome.NotFound => Problems.NotFound($"There is no maintenance '{id}'."),
        WriteOutcome.Conflict => Problems.Conflict(),
        _ => Problems.Invalid(r.Validation),
    };
}
