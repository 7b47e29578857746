using Pharos.Monitoring.Checks;

namespace Pharos.Monitoring.Scheduling;

/// <summary>
/// Which checks this process runs. By default every configured check; a cluster divides checks among nodes, and a
/// remote probe runs those given to it, by providing their own. The scheduler starts the checks that become
/// assigned and stops those that no longer are whenever <see cref="Changed"/> is raised.
/// </summary>
public interface ICheckAssignment
{
    /// <summary>The checks to run now; read again after every <see cref="Changed"/>.</summary>
    IReadOnlyCollection<CheckConfig> Current { get; }

    /// <summary>Raised, from any thread, after <see cref="Current"/> changed.</summary>
    event Action? Changed;
}

/// <summary>The single-process assignment: every check in the catalog, as a hostnames file changes it.</summary>
public sealed class AllChecksAssignment(CheckCatalog checks) : ICheckAssignment
{
    public IReadOnlyCollection<CheckConfig> Current => checks.All;

    // Raised only when a hostnames file adds or removes checks; the rest of the config is fixed while the process runs.
    public event Action? Changed
    {
        add => checks.Changed += value;
        remove => checks.Changed -= value;
    }
}
