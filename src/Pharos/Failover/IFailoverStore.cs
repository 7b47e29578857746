namespace Pharos.Failover;

/// <summary>Where failover state, its history and the built-in zones' serials persist.</summary>
public interface IFailoverStore
{
    Task<PolicyState?> LoadStateAsync(string policyId, CancellationToken ct);

    /// <summary>Saves the state and, when given, its transition in one transaction.</summary>
    Task SaveAsync(PolicyState state, FailoverTransition? transition, CancellationToken ct);

    /// <summary>The newest transitions first.</summary>
    Task<IReadOnlyList<FailoverTransition>> GetTransitionsAsync(string policyId, int limit, CancellationToken ct);

    Task<uint?> GetZoneSerialAsync(string zone, CancellationToken ct);

    Task SetZoneSerialAsync(string zone, uint serial, CancellationToken ct);

    /// <summary>Queues an operator command for the controller; returns its id.</summary>
    Task<long> EnqueueCommandAsync(FailoverCommand command, CancellationToken ct);

    /// <summary>Commands not yet taken, oldest first.</summary>
    Task<IReadOnlyList<FailoverCommand>> PendingCommandsAsync(CancellationToken ct);

    Task CompleteCommandAsync(long id, string result, CancellationToken ct);

    /// <summary>The command's result once the controller has taken it, else null.</summary>
    Task<string?> CommandResultAsync(long id, CancellationToken ct);
}

/// <summary>An operator's instruction: to-failover, to-primary, pin or resume.</summary>
public sealed record FailoverCommand(long Id, string PolicyId, string Command, string Actor, string Reason, DateTimeOffset CreatedAt);
