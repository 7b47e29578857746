using Pharos.Failover.Commands;

namespace Pharos.Failover;

/// <summary>Failover as the admin and the API see it when policies are configured: reads and commands through the controller.</summary>
internal sealed class FailoverOperations(FailoverController controller, IFailoverStore store, IFailoverCommandQueue queue) : IFailoverStatus, IFailoverCommands
{
    public IReadOnlyList<FailoverPolicy> Policies => controller.Policies;

    public PolicyState? StateOf(string policyId) => controller.StateOf(policyId);

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

        return await runner.CommandAsync(command with { Reason = command.Reason.Trim() }, ct).ConfigureAwait(false);
    }
}
