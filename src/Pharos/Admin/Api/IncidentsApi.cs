using Pharos.Writes;
using Pharos.Http;
using Pharos.Accounts;
using Pharos.Admin.Commands;
using Pharos.Domain;
using Pharos.Storage;

namespace Pharos.Admin.Api;

/// <summary>/api/v1/incidents: everything the admin's incident forms do, for scripts.</summary>
public static class IncidentsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/incidents").WithTags("Incidents");
        g.MapGet("", ListAsync).RequireAuthorization(AuthPolicies.ApiRead).Produces<List<IncidentDto>>();
        g.MapGet("/{id}", GetAsync).RequireAuthorization(AuthPolicies.ApiRead).Produces<IncidentDto>();
        g.MapPost("", CreateAsync).RequireAuthorization(AuthPolicies.ApiIncidentsWrite)
            .Accepts<CreateIncidentRequest>("application/json").Produces<IncidentDto>(201).ProducesValidationProblem();
        g.MapPost("/{id}/updates", PostUpdateAsync).RequireAuthorization(AuthPolicies.ApiIncidentsWrite)
            .Accepts<PostUpdateRequest>("application/json").Produces<IncidentDto>().ProducesValidationProblem();
        g.MapPost("/{id}/resolve", ResolveAsync).RequireAuthorization(AuthPolicies.ApiIncidentsWrite)
            .Accepts<ResolveRequest>("application/json").Produces<IncidentDto>().ProducesValidationProblem();
        g.MapPost("/{id}/notes", AddLateNoteAsync).RequireAuthorization(AuthPolicies.ApiIncidentsWrite)
            .Accepts<LateNoteRequest>("application/json").Produces<IncidentDto>().ProducesValidationProblem();
        g.MapPut("/{id}/postmortem", PostmortemAsync).RequireAuthorization(AuthPolicies.ApiIncidentsWrite)
            .Accepts<PostmortemRequest>("application/json").Produces<IncidentDto>().ProducesValidationProblem();
        g.MapPatch("/{id}/updates/{updateId}", EditUpdateAsync).RequireAuthorization(AuthPolicies.ApiIncidentsWrite)
            .Accepts<EditUpdateRequest>("application/json").Produces<IncidentDto>().ProducesValidationProblem();
        g.MapDelete("/{id}/updates/{updateId}", DeleteUpdateAsync).RequireAuthorization(AuthPolicies.ApiIncidentsWrite)
            .Produces<IncidentDto>().ProducesValidationProblem();
    }

    private static async Task ListAsync(HttpContext http, IAdminStore admin, IStatusStore store, int? limit)
    {
        var ct = http.RequestAborted;
        var list = new List<IncidentDto>();
        foreach (var row in await admin.ListIncidentsAsync(Math.Clamp(limit ?? 50, 1, 200), ct).ConfigureAwait(false))
        {
            if (await store.GetIncidentAsync(row.Id, ct).ConfigureAwait(false) is { } i)
            {
                list.Add(IncidentDto.Of(i));
            }
        }

        await new ApiReply(200, list).WriteAsync(http).ConfigureAwait(false);
    }

    private static async Task GetAsync(HttpContext http, IStatusStore store, string id)
    {
        var i = Ids.IsWellFormed(id) ? await store.GetIncidentAsync(id, http.RequestAborted).ConfigureAwait(false) : null;
        await (i is null ? Problems.NotFound($"There is no incident '{id}'.") : new ApiReply(200, IncidentDto.Of(i))).WriteAsync(http).ConfigureAwait(false);
    }

    private static async Task CreateAsync(HttpContext http, IncidentService incidents, IReadOnlyList<IncidentTemplateConfig> templates, Idempotency idem)
    {
        var body = await ApiV1.ReadBodyAsync(http).ConfigureAwait(false);
        await idem.RunAsync(http, body, async () =>
        {
            var v = new Validation();
            var f = JsonFields.Parse(body, v, "name", "impact", "status", "components", "message", "started_at", "resolved_at", "resolution_message", "template", "social");
            if (f is null)
            {
                return Problems.Invalid(v);
            }

            var draft = new IncidentDraft
            {
                Name = f.String("name"),
                Impact = f.String("impact"),
                Status = f.String("status"),
                Components = f.StringMap("components"),
                Message = f.String("message"),
                StartedAt = f.Time("started_at"),
                ResolvedAt = f.Time("resolved_at"),
                ResolutionMessage = f.String("resolution_message"),
                Social = f.Bool("social") ?? false,
            };
            if (f.String("template") is { } templateId)
            {
                var template = templates.FirstOrDefault(t => t.Id == templateId);
                if (template is null)
                {
                    v.Add("template", $"There is no incident template '{templateId}' in the config.");
                }
                else
                {
                    draft = template.Fill(draft);
                }
            }

            if (!v.IsValid)
            {
                return Problems.Invalid(v);
            }

            var result = await incidents.CreateAsync(draft, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            return result.Outcome == WriteOutcome.Ok
                ? new ApiReply(201, IncidentDto.Of(result.Value!), Location: $"/api/v1/incidents/{result.Value!.Id}")
                : Reply(result, "");
        }).ConfigureAwait(false);
    }

    private static async Task PostUpdateAsync(HttpContext http, IncidentService incidents, Idempotency idem, string id)
    {
        var body = await ApiV1.ReadBodyAsync(http).ConfigureAwait(false);
        await idem.RunAsync(http, body, async () =>
        {
            var v = new Validation();
            var f = JsonFields.Parse(body, v, "status", "message", "components", "impact", "social");
            if (f is null)
            {
                return Problems.Invalid(v);
            }

            var draft = new UpdateDraft { Status = f.String("status"), Message = f.String("message"), Components = f.StringMap("components"), Impact = f.String("impact"), Social = f.Bool("social") ?? false };
            return v.IsValid ? Reply(await incidents.PostUpdateAsync(id, draft, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false), id) : Problems.Invalid(v);
        }).ConfigureAwait(false);
    }

    private static async Task ResolveAsync(HttpContext http, IncidentService incidents, Idempotency idem, string id)
    {
        var body = await ApiV1.ReadBodyAsync(http).ConfigureAwait(false);
        await idem.RunAsync(http, body, async () =>
        {
            var v = new Validation();
            var f = JsonFields.Parse(body, v, "message");
            var message = f?.String("message");
            return f is null || !v.IsValid ? Problems.Invalid(v) : Reply(await incidents.ResolveAsync(id, message, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false), id);
        }).ConfigureAwait(false);
    }

    private static async Task AddLateNoteAsync(HttpContext http, IncidentService incidents, Idempotency idem, string id)
    {
        var body = await ApiV1.ReadBodyAsync(http).ConfigureAwait(false);
        await idem.RunAsync(http, body, async () =>
        {
            var v = new Validation();
            var f = JsonFields.Parse(body, v, "message", "social");
            return f is null || !v.IsValid
                ? Problems.Invalid(v)
                : Reply(await incidents.AddLateNoteAsync(id, f.String("message"), f.Bool("social") ?? false, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false), id);
        }).ConfigureAwait(false);
    }

    private static async Task PostmortemAsync(HttpContext http, IncidentService incidents, string id)
    {
        var body = await ApiV1.ReadBodyAsync(http).ConfigureAwait(false);
        var v = new Validation();
        var f = JsonFields.Parse(body, v, "body", "publish");
        var text = f?.String("body");
        var publish = f?.Bool("publish") ?? true;
        var reply = f is null || !v.IsValid ? Problems.Invalid(v) : Reply(await incidents.PostmortemAsync(id, text, publish, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false), id);
        await reply.WriteAsync(http).ConfigureAwait(false);
    }

    private static async Task EditUpdateAsync(HttpContext http, IncidentService incidents, string id, string updateId)
    {
        var body = await ApiV1.ReadBodyAsync(http).ConfigureAwait(false);
        var v = new Validation();
        var f = JsonFields.Parse(body, v, "message");
        var message = f?.String("message");
        var reply = f is null || !v.IsValid ? Problems.Invalid(v) : Reply(await incidents.EditUpdateAsync(id, updateId, message, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false), id);
        await reply.WriteAsync(http).ConfigureAwait(false);
    }

    private static async Task DeleteUpdateAsync(HttpContext http, IncidentService incidents, string id, string updateId) =>
        await Reply(await incidents.DeleteUpdateAsync(id, updateId, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false), id).WriteAsync(http).ConfigureAwait(false);

    private static ApiReply Reply(WriteResult<Incident> r, string id) => r.Outcome switch
    {
        WriteOutcome.Ok => new ApiReply(200, IncidentDto.Of(r.Value!)),
        WriteOutcome.NotFound => Problems.NotFound($"There is no incident '{id}'."),
        WriteOutcome.Conflict => Problems.Conflict(),
        _ => Problems.Invalid(r.Validation),
    };
}
