namespace Pharos.Dns.Tests;

/// <summary>Waits for a condition that something else (a server's timer, the kernel) makes true, without fixed sleeps.</summary>
internal static class Eventually
{
    /// <summary>True as soon as <paramref name="condition"/> holds; false if it still does not after <paramref name="timeout"/>.</summary>
    public static async Task<bool> HoldsAsync(Func<bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!condition())
        {
            try
            {
                await Task.Delay(20, cts.Token);
            }
            catch (OperationCanceledException)
            {
                return condition();
            }
        }
        return true;
    }
}
