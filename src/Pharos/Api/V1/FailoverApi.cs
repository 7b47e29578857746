using Pharos.Http;
using Pharos.Accounts;
using Pharos.Failover;

namespace Pharos.Api.V1;

/// <summary>/api/v1/failover: each policy's state, its nameservers' answers and history; and the operator actions.</summary>
public static class FailoverApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/failover").WithTags("Failover");
        g.MapGet("", List).RequireAuthorization(AuthPolicies.ApiRead).Produces<List<FailoverPolicyDto>>();
        g.MapGet("/{id}", GetAsync).RequireAuthorization(AuthPolicies.ApiRead).Produces<FailoverPolicyDto>();
        // Moving production traffic is the most consequential thing Pharos does: it takes the admin scope.
        g.MapPost("/{id}/{action}", ActAsync).RequireAuthorization(AuthPolicies.ApiAdmin)
            .Accepts<FailoverActionRequest>("application/json").Produces<FailoverPolicyDto>().ProducesValidationProblem();
    }

    private static Task List(HttpContext http, FailoverService service) =>
        new ApiReply(200, Policies(service).Select(p => FailoverPolicyDto.Of(p, service.Controller!, [])).ToList()).WriteAsync(http);

    private static async Task GetAsync(HttpContext http, FailoverService service, IFailoverStore store, string id)
    {
        var policy = Policies(service).FirstOrDefault(p => p.Id == id);
        if (policy is null)
        {
            await Problems.NotFound($"There is no failover policy '{id}'.").WriteAsync(http).ConfigureAwait(false);
            return;
        }

        var history = await store.GetTransitionsAsync(id, 50, http.RequestAborted).ConfigureAwait(false);
        await new ApiReply(200, FailoverPolicyDto.Of(policy, service.Controller!, history)).WriteAsync(http).ConfigureAwait(false);
    }

    private static async Task ActAsync(HttpContext http, FailoverService service, string id, string action)
    {
        if (!Policies(service).Any(p => p.Id == id))
        {
            await Problems.NotFound($"There is no failover policy '{id}'.").WriteAsync(http).ConfigureAwait(false);
            return;
        }

        if (!FailoverService.Verbs.Contains(action, StringComparer.Ordinal))
        {
            await Problems.NotFound($"There is no failover action '{action}'; use one of {string.Join(", ", FailoverService.Verbs)}.").WriteAsync(http).ConfigureAwait(false);
            return;
        }

        var v = new Validation();
        var f = JsonFields.Parse(await ApiV1.ReadBodyAsync(http).ConfigureAwait(false), v, "reason");
        var reason = f?.String("reason");
        if (f is not null && string.IsNullOrWhiteSpace(reason))
        {
            v.Add("reason", "A reason is required; it is kept in the failover history.");
        }

        if (!v.IsValid)
        {
            await Problems.Invalid(v).WriteAsync(http).ConfigureAwait(false);
            return;
        }

        var (ok, message) = await service.CommandAsync(id, action, reason, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
        if (!ok)
        {
            v.Add("reason", message);
            await Problems.Invalid(v).WriteAsync(http).ConfigureAwait(false);
            return;
        }

        var policy = Policies(service).First(p => p.Id == id);
        await new ApiReply(200, FailoverPolicyDto.Of(policy, service.Controller!, [])).WriteAsync(http).ConfigureAwait(false);
    }

    private static IEnumerable<FailoverPolicy> Policies(FailoverService service) => service.Controller?.Policies ?? [];
}

/// <summary>The body of a failover action.</summary>
public sealed record FailoverActionRequest(string Reason);

/// <summary>A policy as the API shows it.</summary>
public sealed record FailoverPolicyDto(
    string Id,
    string Zone,
    string Provider,
    IReadOnlyList<string> Names,
    string State,
    string LiveSide,
    string? PinnedSide,
    DateTimeOffset? Since,
    string? LastError,
    IReadOnlyList<string> Nameservers,
    IReadOnlyList<FailoverTransitionDto> History)
{
    public static FailoverPolicyDto Of(FailoverPolicy p, FailoverController controller, IReadOnlyList<FailoverTransition> history)
    {
        var s = controller.StateOf(p.Id);
        return new(
            p.Id,
            p.Zone.ToString(),
            p.Provider.Type,
            p.Names.Select(n => n.ToString()).ToList(),
            s?.State.ToString() ?? "Unknown",
            s?.LiveSide.ToString() ?? "Primary",
            s?.PinnedSide?.ToString(),
            s?.Since,
            s?.LastError,
            controller.AnswersOf(p.Id).Select(a => a.ToString()).ToList(),
            history.Select(t => new FailoverTransitionDto(t.At, t.From.ToString(), t.To.ToString(), t.Reason, t.Actor,
                t.ApplyDuration?.TotalMilliseconds, t.ConsistencyDuration?.TotalMilliseconds)).ToList());
    }
}

/// <summary>One transition as the API shows it.</summary>
public sealed record FailoverTransitionDto(DateTimeOffset At, string From, string To, string Reason, string Actor, double? ApplyMs, double? ConsistencyMs);
