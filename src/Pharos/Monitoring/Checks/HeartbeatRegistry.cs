using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Pharos.Monitoring.Checks;

/// <summary>
/// The heartbeat checks by secret token, when each last called, and when each may call again. A job calls
/// /heartbeat/{token}; the heartbeat probe then judges the silence since.
/// </summary>
public sealed class HeartbeatRegistry
{
    private readonly Dictionary<string, HeartbeatCheckConfig> _checkByToken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HeartbeatCheckConfig> _checkById = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Beat> _last = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _nextAccepted = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public HeartbeatRegistry(CheckCatalog checks, TimeProvider time)
    {
        var now = time.GetUtcNow();
        foreach (var c in checks.All.OfType<HeartbeatCheckConfig>())
        {
            _checkByToken[c.Token] = c;
            _checkById[c.Id] = c;
            // Until the first call, the grace runs from start-up: a restart is not a missed heartbeat.
            _last[c.Id] = new Beat(now, Failed: false);
        }
    }

    /// <summary>The check a token belongs to, compared in constant time so timing does not reveal tokens.</summary>
    public string? CheckFor(string token)
    {
        var bytes = Encoding.UTF8.GetBytes(token);
        string? found = null;
        foreach (var (t, check) in _checkByToken)
        {
            if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(t), bytes))
            {
                found = check.Id;
            }
        }

        return found;
    }

    /// <summary>
    /// Takes a call if the check's last accepted call is at least one interval old, else says how long to wait. The
    /// probe looks at the last call once per interval, so calls in between add nothing but database writes.
    /// </summary>
    public bool TryAccept(string checkId, DateTimeOffset now, out TimeSpan retryAfter)
    {
        var interval = _checkById[checkId].Interval;
        lock (_gate)
        {
            if (_nextAccepted.TryGetValue(checkId, out var next) && now < next)
            {
                retryAfter = next - now;
                return false;
            }

            _nextAccepted[checkId] = now + interval;
        }

        retryAfter = TimeSpan.Zero;
        return true;
    }

    /// <summary>Records a call; <paramref name="failed"/> when the job reports its own failure.</summary>
    public void Record(string checkId, DateTimeOffset at, bool failed) => _last[checkId] = new Beat(at, failed);

    /// <summary>Restores the last call remembered from before a restart.</summary>
    public void Restore(string checkId, DateTimeOffset at, bool failed) => _last[checkId] = new Beat(at, failed);

    /// <summary>A call another node of the cluster took: kept when newer than what this node saw.</summary>
    public void Follow(string checkId, DateTimeOffset at, bool failed)
    {
        if (_checkById.ContainsKey(checkId))
        {
            _last.AddOrUpdate(checkId, new Beat(at, failed), (_, seen) => seen.At >= at ? seen : new Beat(at, failed));
        }
    }

    public Beat? Last(string checkId) => _last.TryGetValue(checkId, out var b) ? b : null;

    public sealed record Beat(DateTimeOffset At, bool Failed);
}
