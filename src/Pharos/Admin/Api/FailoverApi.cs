using Pharos.Http;
using Pharos.Accounts;
using Pharos.Failover;
using Pharos.Failover.Commands;

namespace Pharos.Admin.Api;

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
            .Accepts<FailoverActionRequest>("application/json").Produces<FailoverPolicyDto>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static Task List(HttpContext http, IFailoverStatus status) =>
        new ApiReply(200, status.Policies.Select(p => FailoverPolicyDto.Of(p, status.StateOf(p.Id), status.AnswersOf(p.Id), [])).ToList()).WriteAsync(http);

    private static async Task GetAsync(HttpContext http, IFailoverStatus status, string id)
    {
        if (status.Find(id) is not { } policy)
        {
            await Problems.NotFound($"There is no failover policy '{id}'.").WriteAsync(http).ConfigureAwait(false);
            return;
        }

        var history = await status.HistoryAsync(id, 50, http.RequestAborted).ConfigureAwait(false);
        await new ApiReply(200, FailoverPolicyDto.Of(policy, status.StateOf(id), status.AnswersOf(id), history)).WriteAsync(http).ConfigureAwait(false);
    }

    private static async Task ActAsync(HttpContext http, IFailoverStatus status, IFailoverCommands commands, string id, string action)
    {
        if (status.Find(id) is not { } policy)
        {
            await Problems.NotFound($"There is no failover policy '{id}'.").WriteAsync(http).ConfigureAwait(false);
            return;
        }

        if (!FailoverCommandKinds.TryParse(action, out var kind))
        {
            await Problems.NotFound($"There is no failover action '{action}'; use one of {FailoverCommandKinds.Names}.").WriteAsync(http).ConfigureAwait(false);
            return;
        }

        var v = new Validation();
        var f = JsonFields.Parse(await ApiV1.ReadBodyAsync(http).ConfigureAwait(false), v, "reason", "force", "show");
        var reason = f?.String("reason");
        var force = f?.Bool("force") ?? false;
        if (!FailoverCommand.TryParseShow(f?.String("show"), out var planned))
        {
            v.Add("show", "'show' is outage (an incident, the default) or maintenance (planned work, ended when the names move back).");
        }

        if (f is not null && string.IsNullOrWhiteSpace(reason))
        {
            v.Add("reason", "A reason is required; it is kept in the failover history.");
        }

        if (!v.IsValid)
        {
            await Problems.Invalid(v).WriteAsync(http).ConfigureAwait(false);
            return;
        }

        var result = await commands.RunAsync(new FailoverCommand(id, kind, PharosClaims.ActorOf(http), reason ?? "", force, planned), http.RequestAborted).ConfigureAwait(false);
        await Reply(result, policy, status, v).WriteAsync(http).ConfigureAwait(false);
    }

    /// <summary>A success shows the state that was saved; a refusal is the caller's to fix (4xx); a failed save is ours (503), and nothing moved.</summary>
    private static ApiReply Reply(FailoverCommandResult result, FailoverPolicy policy, IFailoverStatus status, Validation v)
    {
        switch (result)
        {
            case FailoverCommandResult.Done done:
                return new ApiReply(200, FailoverPolicyDto.Of(policy, done.State, status.AnswersOf(policy.Id), []));
            case FailoverCommandResult.UnknownPolicy:
                return Problems.NotFound(result.Message);
            case FailoverCommandResult.Invalid invalid:
                v.Add(invalid.Field, invalid.Problem);
                return Problems.Invalid(v);
            case FailoverCommandResult.Refused:
                return Problems.Of(StatusCodes.Status409Conflict, "The failover command was refused", result.Message);
            case FailoverCommandResult.ApplyFailed:
                return Problems.Of(StatusCodes.Status500InternalServerError, "The command could not be applied", result.Message);
            default:
                return Problems.Of(StatusCodes.Status503ServiceUnavailable, "The failover command was not saved", result.Message);
        }
    }
}

/// <summary>The body of a failover action.</summary>
public sealed record FailoverActionRequest(string Reason, bool Force = false, string? Show = null);

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
    /// <summary>Why the policy declines to fail over although the primary is down; null when it does not.</summary>
    public string? Refused { get; init; }

    /// <summary>The standby checks and whether each passed last: the failover side is ready when all did.</summary>
    public IReadOnlyDictionary<string, bool?> Standby { get; init; } = new Dictionary<string, bool?>();

    public static FailoverPolicyDto Of(FailoverPolicy p, PolicyState? s, IReadOnlyList<NameserverAnswer> answers, IReadOnlyList<FailoverTransition> history)
    {
        return new(
            p.Id,
            p.Zone.ToString(),
            p.Provider.Kind,
            p.Names.Select(n => n.ToString()).ToList(),
            s?.State.ToString() ?? "Unknown",
            s?.LiveSide.ToString() ?? "Primary",
            s?.PinnedSide?.ToString(),
            s?.Since,
            s?.LastError,
            answers.Select(a => a.ToString()).ToList(),
            history.Select(t => new FailoverTransitionDto(t.At, t.From.ToString(), t.To.ToString(), t.Reason, t.Actor,
                t.ApplyDuration?.TotalMilliseconds, t.ConsistencyDuration?.TotalMilliseconds)).ToList())
        {
            Refused = s?.Refused,
            Standby = p.StandbyChecks.ToDictionary(id => id, id => s?.Checks.GetValueOrDefault(id)?.LastOk, StringComparer.Ordinal),
        };
    }
}

/// <summary>One transition as the API shows it.</summary>
public sealed record FailoverTransitionDto(DateTimeOffset At, string From, string To, string Reason, string Actor, double? ApplyMs, double? ConsistencyMs);
