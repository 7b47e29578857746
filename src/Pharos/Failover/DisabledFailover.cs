using Pharos.Failover.Commands;

namespace Pharos.Failover;

/// <summary>
/// Failover when pharos.yaml configures no policies: nothing to show, and every command is answered as naming an
/// unknown policy. Registered instead of the controller, so no caller has to ask whether failover is there.
/// </summary>
internal sealed class DisabledFailover : IFailoverStatus, IFailoverCommands
{
    public IReadOnlyList<FailoverPolicy> Policies => [];

    public PolicyState? StateOf(string policyId) => null;

    public IReadOnlyList<NameserverAnswer> AnswersOf(string policyId) => [];

    public Task<IReadOnlyList<FailoverTransition>> HistoryAsync(string policyId, int limit, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<FailoverTransition>>([]);

    public Task<IReadOnlyList<QueuedCommand>> QueuedCommandsAsync(string policyId, int limit, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<QueuedCommand>>([]);

    public Task<FailoverCommandResult> RunAsync(FailoverCommand command, CancellationToken ct) =>
        Task.FromResult<FailoverCommandResult>(new FailoverCommandResult.UnknownPolicy(command.PolicyId));
}
