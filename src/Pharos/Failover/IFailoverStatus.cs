using Pharos.Failover.Commands;

namespace Pharos.Failover;

/// <summary>What the admin and the API read about failover: the policies, their state, answers and history.</summary>
public interface IFailoverStatus
{
    /// <summary>The configured policies; empty when failover is not configured.</summary>
    IReadOnlyList<FailoverPolicy> Policies { get; }

    /// <summary>The policy's state as the controller holds it; null for an unknown policy.</summary>
    PolicyState? StateOf(string policyId);

    /// <summary>What the nameservers answered at the last verified change since this process started.</summary>
    IReadOnlyList<NameserverAnswer> AnswersOf(string policyId);

    /// <summary>The newest transitions first.</summary>
    Task<IReadOnlyList<FailoverTransition>> HistoryAsync(string policyId, int limit, CancellationToken ct);

    /// <summary>Commands queued from the command line for the policy, newest first, with where each stands.</summary>
    Task<IReadOnlyList<QueuedCommand>> QueuedCommandsAsync(string policyId, int limit, CancellationToken ct);
}

/// <summary>Runs operator commands (admin, API, queued CLI commands).</summary>
public interface IFailoverCommands
{
    /// <summary>Answers only once the outcome is known: a success means the new state and its audit row are saved.</summary>
    Task<FailoverCommandResult> RunAsync(FailoverCommand command, CancellationToken ct);
}

/// <summary>Lookups shared by the admin and the API.</summary>
public static class FailoverStatusExtensions
{
    public static FailoverPolicy? Find(this IFailoverStatus status, string policyId) =>
        status.Policies.FirstOrDefault(p => string.Equals(p.Id, policyId, StringComparison.Ordinal));
}
