using Pharos.Audit;
using Pharos.Domain;

namespace Pharos.Failover;

/// <summary>Where failover state, its history and the built-in zones' serials persist.</summary>
public interface IFailoverStore
{
    Task<PolicyState?> LoadStateAsync(string policyId, CancellationToken ct);

    /// <summary>Saves the state and, when given, its transition in one transaction.</summary>
    Task SaveAsync(PolicyState state, FailoverTransition? transition, CancellationToken ct);

    /// <summary>Saves the state, its transition and the events they raise in one transaction.</summary>
    Task SaveAsync(PolicyState state, FailoverTransition? transition, IReadOnlyList<DomainEvent> events, CancellationToken ct);

    /// <summary>
    /// An operator's command: the state, its transition and the audit row in one transaction, so the audit log never
    /// claims a move that was not saved, nor misses one that was.
    /// </summary>
    Task SaveCommandAsync(PolicyState state, FailoverTransition? transition, AuditEntry audit, IReadOnlyList<DomainEvent> events, CancellationToken ct);

    /// <summary>The newest transitions first.</summary>
    Task<IReadOnlyList<FailoverTransition>> GetTransitionsAsync(string policyId, int limit, CancellationToken ct);
}
