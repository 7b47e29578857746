namespace Pharos.Monitoring.Scheduling;

/// <summary>
/// Items ordered by due time, and one taker that sleeps on the injected clock until the earliest is due: the
/// scheduler's single timer in place of one timer per check. Adding an item due before the taker's wake-up time wakes
/// it. Any thread may add; one loop takes.
/// </summary>
public sealed class DueQueue<T>(TimeProvider time)
{
    private static readonly TimeSpan MinWait = TimeSpan.FromMilliseconds(1);

    private readonly PriorityQueue<T, DateTimeOffset> _items = new();
    private readonly object _gate = new();

    // Until when the taker sleeps, and how to wake it earlier; null while it is not sleeping.
    private DateTimeOffset _sleepingUntil = DateTimeOffset.MaxValue;
    private CancellationTokenSource? _wake;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public void Add(T item, DateTimeOffset due)
    {
        CancellationTokenSource? wake = null;
        lock (_gate)
        {
            _items.Enqueue(item, due);
            if (due < _sleepingUntil && _wake is not null)
            {
                // Taken from the taker, so it is cancelled and disposed here, once, outside the lock.
                wake = _wake;
                _wake = null;
                _sleepingUntil = DateTimeOffset.MaxValue;
            }
        }

        if (wake is not null)
        {
            wake.Cancel();
            wake.Dispose();
        }
    }

    /// <summary>
    /// Waits until at least one item is due, then moves every item due by now into <paramref name="due"/>, earliest
    /// first, with its due time.
    /// </summary>
    public async Task TakeDueAsync(List<(T Item, DateTimeOffset Due)> due, CancellationToken ct)
    {
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            TimeSpan wait;
            DateTimeOffset target;
            CancellationTokenSource wake;
            CancellationToken woken;
            lock (_gate)
            {
                var now = time.GetUtcNow();
                while (_items.TryPeek(out var item, out var at) && at <= now)
                {
                    _items.Dequeue();
                    due.Add((item, at));
                }

                if (due.Count > 0)
                {
                    return;
                }

                // The exact wait, so that a test's clock moved to a due time fires it; but at least a millisecond,
                // as system timers are no finer and a shorter wait would fire at once and spin.
                target = _items.TryPeek(out _, out var earliest) ? earliest : DateTimeOffset.MaxValue;
                wait = _items.Count == 0 ? Timeout.InfiniteTimeSpan : earliest - now < MinWait ? MinWait : earliest - now;
                _sleepingUntil = target;
                wake = CancellationTokenSource.CreateLinkedTokenSource(ct);
                _wake = wake;

                // Taken here: once out of the lock, an adder may cancel and dispose the source at any moment.
                woken = wake.Token;
            }

            // Not throwing on a wake-up saves an exception per added item; yielding keeps the taker off the adder's thread.
            var sleep = Task.Delay(wait, time, woken);

            // A timer counts from when it is set: if the clock passed the target meanwhile (a test's clock jumping),
            // look again at once rather than a whole wait late.
            var passed = wait != Timeout.InfiniteTimeSpan && time.GetUtcNow() >= target;
            if (!passed)
            {
                await sleep.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
            }

            lock (_gate)
            {
                if (!ReferenceEquals(_wake, wake))
                {
                    // An adder took it and disposes it.
                    continue;
                }

                _wake = null;
                _sleepingUntil = DateTimeOffset.MaxValue;
            }

            if (passed)
            {
                wake.Cancel();
            }

            wake.Dispose();
        }
    }
}
