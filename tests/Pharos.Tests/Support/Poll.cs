namespace Pharos.Tests.Support;

/// <summary>Bounded polling for a condition that becomes true on its own (a server's timer, another task).</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string? because = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not true within {timeout}{(because is null ? "" : ": " + because)}");
            }

            await Task.Delay(50);
        }
    }
}
