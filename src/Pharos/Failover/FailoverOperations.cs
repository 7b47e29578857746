using System.Text.Json;
using Pharos.Failover.Commands;

namespace Pharos.Failover;

/// <summary>
/// Failover as the admin and the API see it when policies are configured: reads and commands through the controller
/// on the leading node; on any other node, states as the leader stored them and commands forwarded through the queue.
/// </summary>
internal sealed class FailoverOperations(FailoverController controller, FollowedStates followed, IFailoverStore store, IFailoverCommandQueue queue, TimeProvider time) : IFailoverStatus, IFailoverCommands
{
    /// <summary>How long a command forwarded to the leader may wait to be taken, and how long the caller waits for it.</summary>
    public static readonly TimeSpan ForwardWait = TimeSpan.FromSeconds(20);

    public IReadOnlyList<FailoverPolicy> Policies => controller.Policies;

    public PolicyState? StateOf(string policyId) => controller.IsRunning ? controller.StateOf(policyId) : followed.StateOf(policyId) ?? controller.StateOf(policyId);

    public IReadOnlyList<NameserverAnswer> AnswersOf(string policyId) => controller.AnswersOf(policyId);

    public Task<IReadOnlyList<FailoverTransition>> HistoryAsync(string policyId, int limit, CancellationToken ct) =>
        store.GetTransitionsAsync(policyId, limit, ct);

    public Task<IReadOnlyList<QueuedCommand>> QueuedCommandsAsync(string policyId, int limit, CancellationToken ct) =>
        queue.RecentAsync(policyId, limit, ct);

    public async Task<FailoverCommandResult> RunAsync(FailoverCommand command, CancellationToken ct)
    {
        if (controller.RunnerOf(command.PolicyId) is not { } runner)
        {
            return new FailoverCommandResult.UnknownPolicy(command.PolicyId);
        }

        if (command.ReasonProblem() is { } problem)
        {
            return new FailoverCommandResult.Invalid("reason", problem);
        }

        if (command.Force && command.Kind != FailoverCommandKind.ToFailover)
        {
            return new FailoverCommandResult.Invalid("force", "force applies only to to-failover: it moves to a standby that is not ready");
        }

        if (command.Planned && command.Kind != FailoverCommandKind.ToFailover)
        {
            return new FailoverCommandResult.Invalid("show", "show applies only to to-failover: it says what the move to the standby shows on the status page");
        }

        command = command with { Reason = command.Reason.Trim() };
        return controller.IsRunning
            ? await runner.CommandAsync(command, ct).ConfigureAwait(false)
            : await ForwardAsync(command, ct).ConfigureAwait(false);
    }

    /// <summary>This node does not lead: the command goes through the shared queue to the node that does, with its actor intact.</summary>
    private async Task<FailoverCommandResult> ForwardAsync(FailoverCommand command, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var id = await queue.EnqueueAsync(command.PolicyId, command.Kind, JsonSerializer.Serialize(command.Actor), command.Reason, now, now + ForwardWait, ct, command.Force, command.Planned).ConfigureAwait(false);
        var deadline = now + ForwardWait + TimeSpan.FromSeconds(2);
        while (time.GetUtcNow() < deadline)
        {
            var queued = await queue.GetAsync(id, ct).ConfigureAwait(false);
            switch (queued?.Outcome)
            {
                case QueuedCommandOutcome.Done:
                    return new FailoverCommandResult.Done(await store.LoadStateAsync(command.PolicyId, ct).ConfigureAwait(false) ?? throw new InvalidOperationException("the leader stored no state"), Moved: !queued.Result!.EndsWith("(unchanged)", StringComparison.Ordinal));
                case QueuedCommandOutcome.Failed when queued.Result is { } said && said.StartsWith($"{command.PolicyId}: refused: ", StringComparison.Ordinal):
                    return new FailoverCommandResult.Refused(command.PolicyId, said[$"{command.PolicyId}: refused: ".Length..]);
                case QueuedCommandOutcome.Failed:
                    return new FailoverCommandResult.ApplyFailed(command.PolicyId, queued.Result ?? "the leader refused the command");
                case QueuedCommandOutcome.Expired:
                    return new FailoverCommandResult.Unavailable(command.PolicyId);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct).ConfigureAwait(false);
        }

        return new FailoverCommandResult.Unavailable(command.PolicyId);
    }
}
