using Pharos.Domain;

namespace Pharos.Writes;

/// <summary>
/// Told, in this process, right after a change committed, with the events that were stored with it. For quick
/// in-process reactions (refresh the page now); anything that must survive a crash reads the event log instead.
/// </summary>
public interface IAfterCommit
{
    /// <summary>Must be quick and must not throw; the change is already committed.</summary>
    void Committed(IReadOnlyList<DomainEvent> events);
}
