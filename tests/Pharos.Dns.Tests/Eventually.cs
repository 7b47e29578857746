using System.Diagnostics;

namespace Pharos.Dns.Tests;

/// <summary>
/// The bounded condition wait for these tests (the same as Pharos.Tests' Support/Eventually, which this project cannot
/// reference): polls until the condition holds or the time is up, then fails saying what it waited for.
/// </summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan within, string? what = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > within)
            {
                throw new ShouldAssertException($"{what ?? "The condition"} did not hold within {within.TotalSeconds:0.#} s");
            }

            await Task.Delay(20);
        }
    }
}
