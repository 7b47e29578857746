using Pharos.Domain;
using Pharos.Writes;

namespace Pharos.StatusPage;

/// <summary>Re-renders the page as soon as a change commits in this process, rather than at the next poll.</summary>
public sealed class RefreshAfterCommit(StatusRefresher refresher) : IAfterCommit
{
    public void Committed(IReadOnlyList<DomainEvent> events) => refresher.RequestRefresh();
}
