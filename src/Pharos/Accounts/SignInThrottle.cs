using System.Collections.Concurrent;

namespace Pharos.Accounts;

/// <summary>
/// Limits sign-in attempts per client address and per account name, in memory. Lockout (in the database) stops
/// guessing one account; this stops one address spraying many accounts and keeps a flood from costing PBKDF2 time.
/// </summary>
public sealed class SignInThrottle(TimeProvider time)
{
    public const int PerAddressPerMinute = 20;
    public const int PerAccountPerMinute = 10;

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _attempts = new(StringComparer.Ordinal);

    /// <summary>Counts an attempt; false when either limit is already reached (the attempt is then not counted).</summary>
    public bool TryAcquire(string? address, string account)
    {
        var now = time.GetUtcNow();
        var byAddress = _attempts.GetOrAdd("ip:" + (address ?? "?"), _ => new Queue<DateTimeOffset>());
        var byAccount = _attempts.GetOrAdd("user:" + account.Trim().ToUpperInvariant(), _ => new Queue<DateTimeOffset>());
        lock (_gate)
        {
            Expire(byAddress, now);
            Expire(byAccount, now);
            if (byAddress.Count >= PerAddressPerMinute || byAccount.Count >= PerAccountPerMinute)
            {
                return false;
            }

            byAddress.Enqueue(now);
            byAccount.Enqueue(now);
            if (_attempts.Count > 10_000)
            {
                // Keep memory bounded under a spray of names: drop the keys with nothing recent.
                foreach (var (key, q) in _attempts)
                {
                    Expire(q, now);
                    if (q.Count == 0)
                    {
                        _attempts.TryRemove(key, out _);
                    }
                }
            }

            return true;
        }
    }

    private static void Expire(Queue<DateTimeOffset> q, DateTimeOffset now)
    {
        while (q.Count > 0 && now - q.Peek() >= Window)
        {
            q.Dequeue();
        }
    }
}
