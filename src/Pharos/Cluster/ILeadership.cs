namespace Pharos.Cluster;

/// <summary>Whether this node leads, and the term it leads in: the fencing token its leader-only writes carry.</summary>
public interface ILeadership
{
    string NodeId { get; }

    /// <summary>The current term while leading; null otherwise.</summary>
    LeaderTerm? Current { get; }

    /// <summary>Completes when this node leads; the term's token is cancelled the moment it stops leading.</summary>
    Task<LeaderTerm> WaitForTermAsync(CancellationToken ct);
}

/// <summary>One uninterrupted stretch of leadership: its number (rising with every new leader) and its end.</summary>
public sealed record LeaderTerm(long Number, CancellationToken Lost);
