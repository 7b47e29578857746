namespace Pharos.Monitoring.Results;

/// <summary>How the result writer queues and retries.</summary>
public sealed record ResultWriterOptions
{
    /// <summary>
    /// Raw results that may wait for the writer. Past this, new raw results are dropped and counted rather than
    /// making checks wait: a stalled database must not stall monitoring. State changes are never dropped.
    /// </summary>
    public int QueueCapacity { get; init; } = 200_000;

    /// <summary>The first wait after a failed write; it doubles with each failure in a row.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between attempts while the database refuses writes.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);
}
