using System.Net;
using Pharos.Accounts;

namespace Pharos.Notifications.Subscribers;

/// <summary>
/// How many subscribe forms one client address (an IPv6 /64, as sign-in counts them) may send per window. Kept in
/// memory and bounded: at most <see cref="MaxTracked"/> addresses, the one idle longest forgotten first.
/// </summary>
public sealed class SubscribeThrottle(SubscribersConfig config, TimeProvider time)
{
    public const int MaxTracked = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _seen = new(StringComparer.Ordinal);

    /// <summary>Counts a form from <paramref name="address"/>; when it is one too many, how long until the next is accepted.</summary>
    public TimeSpan? Admit(IPAddress? address)
    {
        var now = time.GetUtcNow();
        var key = SignInThrottle.AddressKey(address);
        lock (_gate)
        {
            if (!_seen.TryGetValue(key, out var times))
            {
                if (_seen.Count >= MaxTracked)
                {
                    Forget(now);
                }

                _seen[key] = times = new Queue<DateTimeOffset>();
            }

            while (times.Count > 0 && now - times.Peek() >= config.RateWindow)
            {
                times.Dequeue();
            }

            if (times.Count >= config.RatePerAddress)
            {
                return times.Peek() + config.RateWindow - now;
            }

            times.Enqueue(now);
            return null;
        }
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, times) in _seen)
        {
            if (times.Count == 0 || now - times.Last() >= config.RateWindow)
            {
                _seen.Remove(key);
            }
        }

        if (_seen.Count >= MaxTracked)
        {
            _seen.Remove(_seen.MinBy(kv => kv.Value.Count == 0 ? DateTimeOffset.MinValue : kv.Value.Last()).Key);
        }
    }
}
