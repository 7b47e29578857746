namespace Pharos.Cluster;

/// <summary>
/// A lock the database itself holds for one session (PostgreSQL's advisory lock): released by the server the moment the
/// holder's connection ends, so a killed leader is replaced without waiting for its lease to run out.
/// </summary>
public interface IExclusiveLock : IAsyncDisposable
{
    /// <summary>The server process of the holding session, recorded so a successor can end a session that hangs on.</summary>
    int? SessionId { get; }

    Task<bool> TryAcquireAsync(CancellationToken ct);

    /// <summary>False when the session holding the lock is gone.</summary>
    Task<bool> StillHeldAsync(CancellationToken ct);

    Task ReleaseAsync(CancellationToken ct);

    /// <summary>Ends another session that holds the lock while its lease has expired (a leader frozen or cut off).</summary>
    Task EndStaleSessionAsync(int sessionId, CancellationToken ct);
}
