using System.Net;
using System.Net.Sockets;

namespace Pharos.Accounts;

/// <summary>
/// What sign-in remembers in memory: per client address, recent attempts and failures (<see cref="SignInPolicy"/>);
/// per unknown user name, failures, so that names which do not exist are delayed exactly like names which do and
/// delays do not tell them apart. Bounded: names longer than any user name are never stored, each table holds at
/// most <see cref="MaxTracked"/> keys (the least recently active is dropped first), and a timer forgets idle keys.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    public const int MaxTracked = 10_000;

    private static readonly TimeSpan AttemptWindow = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _addresses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _names = new(StringComparer.Ordinal);
    private readonly ITimer _sweep;

    public SignInThrottle(TimeProvider time)
    {
        _time = time;
        _sweep = time.CreateTimer(_ => Sweep(), null, SweepInterval, SweepInterval);
    }

    /// <summary>How many keys are held now (addresses plus names).</summary>
    public int TrackedKeys
    {
        get
        {
            lock (_gate)
            {
                return _addresses.Count + _names.Count;
            }
        }
    }

    /// <summary>
    /// Counts an attempt from <paramref name="address"/>; when the address must wait, returns how long, and the
    /// attempt is neither counted nor examined. Says nothing about any account, so it cannot reveal one.
    /// </summary>
    public TimeSpan? Admit(IPAddress? address)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var e = Get(_addresses, AddressKey(address), now);
            while (e.Attempts.Count > 0 && now - e.Attempts.Peek() >= AttemptWindow)
            {
                e.Attempts.Dequeue();
            }

            if (e.Attempts.Count >= SignInPolicy.AttemptsPerAddressPerMinute)
            {
                return e.Attempts.Peek() + AttemptWindow - now;
            }

            var until = e.LastFailure + SignInPolicy.AddressWait(e.RecentFailures(now));
            if (until > now)
            {
                return until - now;
            }

            e.Attempts.Enqueue(now);
            e.LastActive = now;
            return null;
        }
    }

    /// <summary>Counts a failure against the address, and against the name when no such user exists.</summary>
    public void Failed(IPAddress? address, string? unknownName)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            Get(_addresses, AddressKey(address), now).Fail(now);
            if (NameKey(unknownName) is { } key)
            {
                Get(_names, key, now).Fail(now);
            }
        }
    }

    /// <summary>Recent failures of a name that belongs to no user (0 for names that cannot exist).</summary>
    public int UnknownNameFailures(string name)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            return NameKey(name) is { } key && _names.TryGetValue(key, out var e) ? e.RecentFailures(now) : 0;
        }
    }

    public void Dispose() => _sweep.Dispose();

    /// <summary>IPv6 clients are counted per /64, the block one subscriber usually holds.</summary>
    internal static string AddressKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static string? NameKey(string? name)
    {
        var trimmed = name?.Trim();
        return string.IsNullOrEmpty(trimmed) || trimmed.Length > User.MaxNameLength ? null : trimmed.ToUpperInvariant();
    }

    private static Entry Get(Dictionary<string, Entry> table, string key, DateTimeOffset now)
    {
        if (table.TryGetValue(key, out var e))
        {
            return e;
        }

        if (table.Count >= MaxTracked)
        {
            // Full: forget the key idle longest. Whoever floods the table with new keys forgets their own first.
            var oldest = table.MinBy(kv => kv.Value.LastActive).Key;
            table.Remove(oldest);
        }

        e = new Entry { LastActive = now };
        table[key] = e;
        return e;
    }

    private void Sweep()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            foreach (var table in new[] { _addresses, _names })
            {
                foreach (var (key, e) in table)
                {
                    if (now - e.LastActive >= AttemptWindow && e.RecentFailures(now) == 0)
                    {
                        table.Remove(key);
                    }
                }
            }
        }
    }

    private sealed class Entry
    {
        public Queue<DateTimeOffset> Attempts { get; } = new();

        public int Failures { get; private set; }

        public DateTimeOffset LastFailure { get; private set; } = DateTimeOffset.MinValue;

        public DateTimeOffset LastActive { get; set; }

        public int RecentFailures(DateTimeOffset now) => now - LastFailure < SignInPolicy.FailureMemory ? Failures : 0;

        public void Fail(DateTimeOffset now)
        {
            Failures = RecentFailures(now) + 1;
            LastFailure = now;
            LastActive = now;
        }
    }
}
