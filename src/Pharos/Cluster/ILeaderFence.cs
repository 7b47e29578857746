using System.Data.Common;

namespace Pharos.Cluster;

/// <summary>
/// Checks, inside a write transaction, that this node still holds the term it acts in. A leader that was paused or cut
/// off while another took over cannot then write a stale failover move or cursor: its transaction fails instead.
/// </summary>
public interface ILeaderFence
{
    Task EnsureAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct);
}

/// <summary>Thrown by a fenced write when another node has taken over; the write is rolled back.</summary>
public sealed class FencedException(string message) : Exception(message);

/// <summary>No fencing: for stores used outside a running node (the CLI, tests that drive a store alone).</summary>
public sealed class NoFence : ILeaderFence
{
    public static readonly NoFence Instance = new();

    public Task EnsureAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) => Task.CompletedTask;
}
