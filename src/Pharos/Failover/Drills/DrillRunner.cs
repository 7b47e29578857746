using Pharos.Audit;
using Pharos.Failover.Audit;
using Pharos.Failover.Commands;
using Pharos.Failover.Providers;

namespace Pharos.Failover.Drills;

/// <summary>
/// Runs one drill on the leading node: pre-checks, fail over and verify, the failover site, hold, fail back and
/// verify, each step saved as it starts and ends. Anything that stops it after the names moved returns them to the
/// primary and verifies them, unless the primary itself is down (then the failover machine takes over) or an
/// operator took the policy over. A node that stops mid-drill leaves the row running for <see cref="RecoverAsync"/>.
/// </summary>
internal sealed partial class DrillRunner(
    FailoverController controller,
    PropagationVerifier verifier,
    RecordProviders providers,
    RecordAuditor auditor,
    DrillStore store,
    IEnumerable<IDrillPrecheck> prechecks,
    TimeProvider time,
    ILogger<DrillRunner> logger)
{
    /// <summary>How often a hold looks for an abort, the primary failing or the standby failing.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    private readonly IDrillPrecheck[] _prechecks = prechecks.ToArray();

    public IReadOnlyList<string> PrecheckNames => _prechecks.Select(p => p.Name).ToList();

    public async Task<Drill> RunAsync(Drill d, CancellationToken ct)
    {
        if (controller.Policies.FirstOrDefault(p => p.Id == d.PolicyId) is not { } policy || controller.RunnerOf(d.PolicyId) is not { } runner)
        {
            return await FinishAsync(d, DrillStatus.Aborted, $"no failover policy '{d.PolicyId}' on the leading node", ct).ConfigureAwait(false);
        }

        var steps = new DrillSteps(d with { Status = DrillStatus.Running, StartedAt = time.GetUtcNow() }, policy, runner, Nameservers(policy), verifier, store, time);
        await store.SaveAsync(steps.Drill, DrillStore.Entry(Actor.System("drill"), "failover.drill.start", policy.Id, $"drill {d.Id} of {policy.Id} started", time.GetUtcNow()), ct).ConfigureAwait(false);
        LogStarted(logger, policy.Id, d.Id, d.Actor.ToString());

        if (await PrecheckAsync(steps, ct).ConfigureAwait(false) is { } failed)
        {
            return await FinishAsync(steps.Drill, DrillStatus.Aborted, $"aborted before moving anything: {failed}", ct).ConfigureAwait(false);
        }

        if (await steps.AbortRequestedAsync(ct).ConfigureAwait(false))
        {
            return await FinishAsync(steps.Drill, DrillStatus.Aborted, "aborted by an operator before anything moved", ct).ConfigureAwait(false);
        }

        try
        {
            await steps.MoveAsync("fail over", FailoverCommandKind.ToFailover, FailoverSide.Failover, ct).ConfigureAwait(false);
            await steps.ThrowIfInterruptedAsync(ct).ConfigureAwait(false);
            await SiteAsync(steps, ct).ConfigureAwait(false);
            await steps.HoldAsync(ct).ConfigureAwait(false);
            await steps.MoveAsync("fail back", FailoverCommandKind.ToPrimary, FailoverSide.Primary, ct).ConfigureAwait(false);
            await steps.ResumeAsync(ct).ConfigureAwait(false);
            await VerifyAgainAsync(steps, ct).ConfigureAwait(false);
            var timings = string.Join(", ", steps.Drill.Steps.Where(s => s.ConsistentAfter is not null).Select(s => $"{s.Name} consistent after {s.ConsistentAfter!.Value.TotalMilliseconds:F0} ms"));
            return await FinishAsync(steps.Drill, DrillStatus.Succeeded, $"failed over, held {DrillStore.DurationText(d.Hold)} and failed back, every step verified ({timings})", ct).ConfigureAwait(false);
        }
        catch (DrillInterrupted stop)
        {
            var d2 = await EndAfterStopAsync(steps, stop, ct).ConfigureAwait(false);
            return d2;
        }
    }

    /// <summary>
    /// A drill a node left running (it stopped or lost the lead mid-drill): the names go back to the primary and the
    /// drill is marked "aborted: interrupted".
    /// </summary>
    public async Task<Drill> RecoverAsync(Drill d, CancellationToken ct)
    {
        LogRecovering(logger, d.PolicyId, d.Id);
        if (controller.Policies.FirstOrDefault(p => p.Id == d.PolicyId) is not { } policy || controller.RunnerOf(d.PolicyId) is not { } runner)
        {
            return await FinishAsync(d, DrillStatus.Aborted, "aborted: interrupted; the policy is no longer configured", ct).ConfigureAwait(false);
        }

        var steps = new DrillSteps(d.Steps.Count > 0 && d.Steps[^1].Outcome == DrillStepOutcome.Running ? d.End(DrillStepOutcome.Failed, "interrupted: the node running the drill stopped", time.GetUtcNow()) : d, policy, runner, Nameservers(policy), verifier, store, time);
        var returned = await ReturnAsync(steps, ct).ConfigureAwait(false);
        return await FinishAsync(steps.Drill, DrillStatus.Aborted, $"aborted: interrupted (the node running it stopped or lost the lead); {returned}", ct).ConfigureAwait(false);
    }

    private async Task<Drill> EndAfterStopAsync(DrillSteps steps, DrillInterrupted stop, CancellationToken ct)
    {
        var status = stop.Kind == DrillStopKind.Aborted ? DrillStatus.Aborted : DrillStatus.Failed;
        switch (stop.Kind)
        {
            case DrillStopKind.TakenOver:
                return await FinishAsync(steps.Drill, DrillStatus.Aborted, $"{stop.Message}; the names stay as the operator left them", ct).ConfigureAwait(false);
            case DrillStopKind.PrimaryDown:
                var resumed = await steps.ResumeAsync(ct).ConfigureAwait(false);
                return await FinishAsync(steps.Drill, DrillStatus.Failed, $"{stop.Message}; the names stay on the standby and the failover machine takes over ({resumed})", ct).ConfigureAwait(false);
            default:
                var returned = await ReturnAsync(steps, ct).ConfigureAwait(false);
                return await FinishAsync(steps.Drill, status, $"{stop.Message}; {returned}", ct).ConfigureAwait(false);
        }
    }

    /// <summary>Back to the primary and verified, then automatic again; when the primary is down, only automatic again.</summary>
    private static async Task<string> ReturnAsync(DrillSteps steps, CancellationToken ct)
    {
        var state = await steps.Runner.CurrentAsync(ct).ConfigureAwait(false);
        if (state.DrillId != steps.Drill.Marker)
        {
            return state.LiveSide == FailoverSide.Primary && state.State == FailoverState.Primary
                ? "the names were on the primary"
                : $"the policy is no longer the drill's ({state.State}, live {state.LiveSide}): left as it is";
        }

        if (steps.Machine.PrimaryDown(state, steps.Now))
        {
            return "the primary is down, so the names were not moved back to it: " + await steps.ResumeAsync(ct).ConfigureAwait(false);
        }

        try
        {
            await steps.MoveAsync("return to the primary", FailoverCommandKind.ToPrimary, FailoverSide.Primary, ct, checkAbort: false).ConfigureAwait(false);
            await steps.ResumeAsync(ct).ConfigureAwait(false);
            return "returned to the primary and verified on every nameserver";
        }
        catch (DrillInterrupted e)
        {
            return $"returning to the primary failed ({e.Message}); the policy stays pinned to the primary and the controller keeps publishing it";
        }
    }

    private async Task<string?> PrecheckAsync(DrillSteps steps, CancellationToken ct)
    {
        await steps.BeginAsync("pre-checks", ct).ConfigureAwait(false);
        var state = await steps.Runner.CurrentAsync(ct).ConfigureAwait(false);
        var context = new DrillPrecheckContext(steps.Policy, state, steps.Machine, time.GetUtcNow());
        var results = new List<(string Name, DrillPrecheckResult Result)>();
        foreach (var check in _prechecks)
        {
            DrillPrecheckResult result;
            try
            {
                result = await check.CheckAsync(context, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                result = DrillPrecheckResult.Fail($"could not be checked: {e.Message}");
            }

            results.Add((check.Name, result));
        }

        var failed = results.Where(r => !r.Result.Passed).Select(r => $"{r.Name}: {r.Result.Detail}").ToList();
        var detail = string.Join("; ", results.Select(r => $"{r.Name}: {(r.Result.Passed ? "ok" : "FAILED")} ({r.Result.Detail})"));
        await steps.EndAsync(failed.Count == 0 ? DrillStepOutcome.Ok : DrillStepOutcome.Failed, detail, ct).ConfigureAwait(false);
        return failed.Count == 0 ? null : string.Join("; ", failed);
    }

    private static async Task SiteAsync(DrillSteps steps, CancellationToken ct)
    {
        await steps.BeginAsync("verify the failover site", ct).ConfigureAwait(false);
        var (ok, detail) = steps.Policy.Drill.VerifyUrl is { } url && DrillPlan.FirstAddress(steps.Policy.Failover) is { } address
            ? await DrillSiteCheck.AskAsync(url, address, ct).ConfigureAwait(false)
            : steps.Policy.StandbyChecks.Count == 0
                ? (true, "nothing to ask: the policy has no drill.verify_url and no standby_checks")
                : steps.Machine.StandbyProblem(await steps.Runner.CurrentAsync(ct).ConfigureAwait(false)) is { } problem
                    ? (false, $"the standby checks fail: {problem}")
                    : (true, $"the standby checks pass: {string.Join(", ", steps.Policy.StandbyChecks)}");
        await steps.EndAsync(ok ? DrillStepOutcome.Ok : DrillStepOutcome.Failed, detail, ct).ConfigureAwait(false);
        if (!ok)
        {
            throw new DrillInterrupted(DrillStopKind.StepFailed, $"the failover site did not answer as it should: {detail}");
        }
    }

    private async Task VerifyAgainAsync(DrillSteps steps, CancellationToken ct)
    {
        await steps.BeginAsync("verify again", ct).ConfigureAwait(false);
        var provider = providers.For(steps.Policy);
        var audit = await auditor.AuditAsync(steps.Policy, FailoverSide.Primary, steps.Nameservers, provider as IRecordReadBack, ct).ConfigureAwait(false);
        var state = await steps.Runner.CurrentAsync(ct).ConfigureAwait(false);
        var ok = !audit.HasDrift && state.State == FailoverState.Primary && state.LiveSide == FailoverSide.Primary;
        var detail = $"the policy is {state.State}, live {state.LiveSide}; record audit: {(audit.HasDrift ? string.Join("; ", audit.Drifts.Take(5)) : audit.Outcome)}";
        await steps.EndAsync(ok ? DrillStepOutcome.Ok : DrillStepOutcome.Failed, detail, ct).ConfigureAwait(false);
        if (!ok)
        {
            throw new DrillInterrupted(DrillStopKind.StepFailed, $"after failing back: {detail}");
        }
    }

    private async Task<Drill> FinishAsync(Drill d, DrillStatus status, string outcome, CancellationToken ct)
    {
        var at = time.GetUtcNow();
        var done = d.Finish(status, outcome, at);
        var audit = DrillStore.Entry(Actor.System("drill"), "failover.drill." + status.ToString().ToLowerInvariant(), d.PolicyId, $"drill {d.Id} of {d.PolicyId} {status.ToString().ToLowerInvariant()}: {outcome}", at,
            new { status = status.ToString(), steps = done.Steps.Select(s => s.ToString()).ToList() });
        await store.SaveAsync(done, audit, ct).ConfigureAwait(false);
        if (status == DrillStatus.Succeeded)
        {
            LogSucceeded(logger, d.PolicyId, d.Id, outcome);
        }
        else
        {
            LogEnded(logger, d.PolicyId, d.Id, status.ToString(), outcome);
        }

        return done;
    }

    private IReadOnlyList<System.Net.IPEndPoint> Nameservers(FailoverPolicy policy) =>
        AuditSources.Nameservers(policy, policy.Nameservers.Count > 0 ? [] : providers.For(policy).DefaultNameservers);

    [LoggerMessage(EventId = 9990, Level = LogLevel.Information, Message = "Failover policy {Policy}: drill {Drill} started by {Actor}")]
    private static partial void LogStarted(ILogger logger, string policy, long drill, string actor);

    [LoggerMessage(EventId = 9991, Level = LogLevel.Information, Message = "Failover policy {Policy}: drill {Drill} succeeded: {Outcome}")]
    private static partial void LogSucceeded(ILogger logger, string policy, long drill, string outcome);

    [LoggerMessage(EventId = 9992, Level = LogLevel.Warning, Message = "Failover policy {Policy}: drill {Drill} ended {Status}: {Outcome}")]
    private static partial void LogEnded(ILogger logger, string policy, long drill, string status, string outcome);

    [LoggerMessage(EventId = 9993, Level = LogLevel.Warning, Message = "Failover policy {Policy}: drill {Drill} was left unfinished by a node that stopped; returning to the primary")]
    private static partial void LogRecovering(ILogger logger, string policy, long drill);
}

/// <summary>Why a drill stops before its end, which decides what becomes of the names.</summary>
internal enum DrillStopKind
{
    /// <summary>A step did not verify: back to the primary.</summary>
    StepFailed,

    /// <summary>An operator asked: back to the primary.</summary>
    Aborted,

    /// <summary>The primary's own checks say it is down: the names stay, the machine takes over.</summary>
    PrimaryDown,

    /// <summary>An operator's command replaced the drill's pin: the names stay as they left them.</summary>
    TakenOver,
}

/// <summary>Thrown by a step to stop the drill; the kind says what becomes of the names.</summary>
internal sealed class DrillInterrupted(DrillStopKind kind, string message) : Exception(message)
{
    public DrillStopKind Kind { get; } = kind;
}
