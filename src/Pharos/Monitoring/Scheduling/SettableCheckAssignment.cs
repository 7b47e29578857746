using Pharos.Monitoring.Checks;

namespace Pharos.Monitoring.Scheduling;

/// <summary>
/// An assignment that its owner replaces as a whole: a remote probe with the checks the server gave it, a cluster node
/// with its share after a rebalance.
/// </summary>
public sealed class SettableCheckAssignment(IEnumerable<CheckConfig>? initial = null) : ICheckAssignment
{
    private CheckConfig[] _current = [.. initial ?? []];

    public IReadOnlyCollection<CheckConfig> Current => Volatile.Read(ref _current);

    public event Action? Changed;

    /// <summary>Makes these the checks to run, and tells the scheduler.</summary>
    public void Set(IEnumerable<CheckConfig> checks)
    {
        Volatile.Write(ref _current, [.. checks]);
        Changed?.Invoke();
    }
}
