using System.Diagnostics;
using System.Net;
using Pharos.Failover.Commands;

namespace Pharos.Failover.Drills;

/// <summary>
/// The steps one drill takes against its policy's runner, each saved as it begins and ends, and the checks between
/// them: an operator's abort, an operator taking the policy over, the primary or the standby failing.
/// </summary>
internal sealed class DrillSteps(Drill drill, FailoverPolicy policy, PolicyRunner runner, IReadOnlyList<IPEndPoint> nameservers, PropagationVerifier verifier, DrillStore store, TimeProvider time)
{
    public Drill Drill { get; private set; } = drill;

    public FailoverPolicy Policy => policy;

    public PolicyRunner Runner => runner;

    public FailoverMachine Machine => runner.Machine;

    public IReadOnlyList<IPEndPoint> Nameservers => nameservers;

    public DateTimeOffset Now => time.GetUtcNow();

    public async Task BeginAsync(string step, CancellationToken ct)
    {
        Drill = Drill.Begin(step, Now);
        await store.SaveAsync(Drill, null, ct).ConfigureAwait(false);
    }

    public async Task EndAsync(DrillStepOutcome outcome, string detail, CancellationToken ct, TimeSpan? consistentAfter = null)
    {
        Drill = Drill.End(outcome, detail, Now, consistentAfter);
        await store.SaveAsync(Drill, null, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Moves the names to <paramref name="side"/> as the drill (a pin carrying the drill's marker), then waits until
    /// every nameserver answers that side with the policy's TTL and the controller has recorded it live. The time
    /// from the command to the last nameserver agreeing is the step's time to consistency.
    /// </summary>
    public async Task MoveAsync(string step, FailoverCommandKind kind, FailoverSide side, CancellationToken ct, bool checkAbort = true)
    {
        await BeginAsync(step, ct).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        var result = await runner.CommandAsync(new FailoverCommand(policy.Id, kind, Drill.Actor, $"{Drill.Reason}: {step}", DrillId: Drill.Marker), ct).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            await FailAsync($"the move was not taken: {result.Message}", ct).ConfigureAwait(false);
        }

        var targets = policy.TargetsFor(side);
        var verified = await verifier.WaitUntilConsistentAsync(policy, targets, nameservers, ct).ConfigureAwait(false);
        var consistentAfter = Stopwatch.GetElapsedTime(started);
        if (!verified.Consistent)
        {
            await FailAsync($"not every nameserver answered {targets} within {policy.VerifyTimeout}: {string.Join("; ", verified.Mismatches(policy, targets).Take(5))}", ct, consistentAfter).ConfigureAwait(false);
        }

        // The controller verifies too before it records the side live; the drill goes on only once it has.
        var deadline = Stopwatch.GetTimestamp();
        var state = await runner.CurrentAsync(ct).ConfigureAwait(false);
        while (state.LiveSide != side && Stopwatch.GetElapsedTime(deadline) < policy.VerifyTimeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, ct).ConfigureAwait(false);
            state = await runner.CurrentAsync(ct).ConfigureAwait(false);
        }

        if (state.LiveSide != side)
        {
            await FailAsync($"every nameserver answers {targets}, but the controller has not recorded the {side} side live ({state.LastError ?? "no error"})", ct, consistentAfter).ConfigureAwait(false);
        }

        var answered = nameservers.Count == 0 ? "no nameservers to ask" : $"{nameservers.Count} nameserver(s) × {policy.Names.Count} name(s) answer {targets} ttl {(int)policy.Ttl.TotalSeconds}";
        await EndAsync(DrillStepOutcome.Ok, answered, ct, consistentAfter).ConfigureAwait(false);
        if (checkAbort)
        {
            await ThrowIfInterruptedAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Waits out the hold, looking every second for what ends a drill early.</summary>
    public async Task HoldAsync(CancellationToken ct)
    {
        await BeginAsync("hold", ct).ConfigureAwait(false);
        var until = Now + Drill.Hold;
        while (Now < until)
        {
            var left = until - Now;
            await Task.Delay(left < DrillRunner.Poll ? left : DrillRunner.Poll, time, ct).ConfigureAwait(false);
            await ThrowIfInterruptedAsync(ct, holding: true).ConfigureAwait(false);
        }

        await EndAsync(DrillStepOutcome.Ok, $"held {DrillStore.DurationText(Drill.Hold)} on the standby", ct).ConfigureAwait(false);
    }

    /// <summary>Automatic control again; answers how the policy stands then.</summary>
    public async Task<string> ResumeAsync(CancellationToken ct)
    {
        await BeginAsync("resume automatic control", ct).ConfigureAwait(false);
        var result = await runner.CommandAsync(new FailoverCommand(policy.Id, FailoverCommandKind.Resume, Drill.Actor, $"{Drill.Reason}: over"), ct).ConfigureAwait(false);
        await EndAsync(result.Succeeded ? DrillStepOutcome.Ok : DrillStepOutcome.Failed, result.Message, ct).ConfigureAwait(false);
        return result.Message;
    }

    public async Task<bool> AbortRequestedAsync(CancellationToken ct) =>
        (await store.GetAsync(Drill.Id, ct).ConfigureAwait(false))?.AbortRequested == true;

    /// <summary>Ends the step under way and stops the drill when an operator aborted, took over, or a side failed.</summary>
    public async Task ThrowIfInterruptedAsync(CancellationToken ct, bool holding = false)
    {
        var state = await runner.CurrentAsync(ct).ConfigureAwait(false);
        var (kind, why) = state.DrillId != Drill.Marker
            ? (DrillStopKind.TakenOver, $"an operator took the policy over ({state.State}, live {state.LiveSide})")
            : Machine.PrimaryDown(state, Now)
                ? (DrillStopKind.PrimaryDown, "the primary failed during the drill")
                : holding && Machine.StandbyProblem(state) is { } problem
                    ? (DrillStopKind.StepFailed, $"the standby failed during the hold ({problem})")
                    : await AbortRequestedAsync(ct).ConfigureAwait(false)
                        ? (DrillStopKind.Aborted, "aborted by an operator")
                        : ((DrillStopKind?)null, "");
        if (kind is { } k)
        {
            if (Drill.Steps.Count > 0 && Drill.Steps[^1].Outcome == DrillStepOutcome.Running)
            {
                await EndAsync(DrillStepOutcome.Failed, why, ct).ConfigureAwait(false);
            }

            throw new DrillInterrupted(k, why);
        }
    }

    private async Task FailAsync(string why, CancellationToken ct, TimeSpan? consistentAfter = null)
    {
        await EndAsync(DrillStepOutcome.Failed, why, ct, consistentAfter).ConfigureAwait(false);
        throw new DrillInterrupted(DrillStopKind.StepFailed, $"{Drill.Steps[^1].Name}: {why}");
    }
}
