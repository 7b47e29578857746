using System.Diagnostics;

namespace Pharos.Tests.Support;

/// <summary>The one bounded condition wait for tests: polls until the condition holds or the time is up, then fails saying what it waited for.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan within, string? what = null, TimeSpan? every = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (clock.Elapsed > within)
            {
                throw new ShouldAssertException($"{what ?? "The condition"} did not hold within {within.TotalSeconds:0.#} s");
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(50));
        }
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan within, string? what = null) =>
        TrueAsync(() => Task.FromResult(condition()), within, what);
}
