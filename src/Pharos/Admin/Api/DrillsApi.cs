using Pharos.Accounts;
using Pharos.Config;
using Pharos.Failover;
using Pharos.Failover.Drills;
using Pharos.Http;

namespace Pharos.Admin.Api;

/// <summary>/api/v1/failover/{id}/drills: a policy's drills and their reports; asking for one or aborting it takes the admin scope, as a manual failover does.</summary>
public static class DrillsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/failover/{id}/drills").WithTags("Failover");
        g.MapGet("", ListAsync).RequireAuthorization(AuthPolicies.ApiRead).Produces<List<DrillDto>>();
        g.MapGet("/{drillId:long}", GetAsync).RequireAuthorization(AuthPolicies.ApiRead).Produces<DrillDto>();
        g.MapPost("", RequestAsync).RequireAuthorization(AuthPolicies.ApiAdmin).Produces<DrillDto>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        g.MapPost("/{drillId:long}/abort", AbortAsync).RequireAuthorization(AuthPolicies.ApiAdmin).Produces<DrillDto>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task ListAsync(HttpContext http, IFailoverStatus status, DrillStore store, string id)
    {
        if (status.Find(id) is null)
        {
            await Problems.NotFound($"There is no failover policy '{id}'.").WriteAsync(http).ConfigureAwait(false);
            return;
        }

        var drills = await store.ListAsync(id, 50, http.RequestAborted).ConfigureAwait(false);
        await new ApiReply(200, drills.Select(DrillDto.Of).ToList()).WriteAsync(http).ConfigureAwait(false);
    }

    private static async Task GetAsync(HttpContext http, DrillStore store, string id, long drillId)
    {
        var reply = await store.GetAsync(drillId, http.RequestAborted).ConfigureAwait(false) is { } d && d.PolicyId == id
            ? new ApiReply(200, DrillDto.Of(d))
            : Problems.NotFound($"There is no drill {drillId} of '{id}'.");
        await reply.WriteAsync(http).ConfigureAwait(false);
    }

    private static async Task RequestAsync(HttpContext http, DrillRequests requests, string id)
    {
        var v = new Validation();
        var f = JsonFields.Parse(await ApiV1.ReadBodyAsync(http).ConfigureAwait(false), v, "hold");
        TimeSpan? hold = null;
        if (f?.String("hold") is { } text)
        {
            if (DurationParser.TryParse(text, out var parsed))
            {
                hold = parsed;
            }
            else
            {
                v.Add("hold", "The hold must be a duration such as 60s or 2m.");
            }
        }

        if (!v.IsValid)
        {
            await Problems.Invalid(v).WriteAsync(http).ConfigureAwait(false);
            return;
        }

        var result = await requests.RequestAsync(id, PharosClaims.ActorOf(http), hold, http.RequestAborted).ConfigureAwait(false);
        switch (result)
        {
            case DrillRequestResult.Requested r:
                await new ApiReply(202, DrillDto.Of((await requests.Store.GetAsync(r.Id, http.RequestAborted).ConfigureAwait(false))!)).WriteAsync(http).ConfigureAwait(false);
                break;
            case DrillRequestResult.UnknownPolicy:
                await Problems.NotFound(result.Message).WriteAsync(http).ConfigureAwait(false);
                break;
            case DrillRequestResult.Invalid invalid:
                v.Add(invalid.Field, invalid.Problem);
                await Problems.Invalid(v).WriteAsync(http).ConfigureAwait(false);
                break;
            default:
                await Problems.Of(StatusCodes.Status409Conflict, "A drill of this policy is under way", result.Message).WriteAsync(http).ConfigureAwait(false);
                break;
        }
    }

    private static async Task AbortAsync(HttpContext http, DrillRequests requests, string id, long drillId)
    {
        if (await requests.Store.GetAsync(drillId, http.RequestAborted).ConfigureAwait(false) is not { } d || d.PolicyId != id)
        {
            await Problems.NotFound($"There is no drill {drillId} of '{id}'.").WriteAsync(http).ConfigureAwait(false);
            return;
        }

        if (!await requests.AbortAsync(drillId, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false))
        {
            await Problems.Of(StatusCodes.Status409Conflict, "The drill has ended", $"Drill {drillId} already ended: {d.Outcome}").WriteAsync(http).ConfigureAwait(false);
            return;
        }

        await new ApiReply(202, DrillDto.Of((await requests.Store.GetAsync(drillId, http.RequestAborted).ConfigureAwait(false))!)).WriteAsync(http).ConfigureAwait(false);
    }
}

/// <summary>A drill as the API shows it: how it ended and its timeline.</summary>
public sealed record DrillDto(long Id, string Policy, string Status, string Actor, double HoldSeconds, DateTimeOffset RequestedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, bool AbortRequested, string? Outcome, IReadOnlyList<DrillStepDto> Steps)
{
    public static DrillDto Of(Drill d) => new(
        d.Id, d.PolicyId, d.Status.ToString().ToLowerInvariant(), d.Actor.ToString(), d.Hold.TotalSeconds, d.RequestedAt, d.StartedAt, d.EndedAt, d.AbortRequested, d.Outcome,
        d.Steps.Select(s => new DrillStepDto(s.Name, s.Outcome.ToString().ToLowerInvariant(), s.StartedAt, s.EndedAt, s.Detail, s.ConsistentAfter?.TotalMilliseconds)).ToList());
}

/// <summary>One step of a drill's timeline; consistent_after_ms for the moves.</summary>
public sealed record DrillStepDto(string Name, string Outcome, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string Detail, double? ConsistentAfterMs);
