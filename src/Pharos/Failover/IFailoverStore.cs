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
}
