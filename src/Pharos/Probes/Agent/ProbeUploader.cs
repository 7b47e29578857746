namespace Pharos.Probes.Agent;

/// <summary>
/// Sends the spool's batches to the server, oldest first, one at a time: a batch leaves the disk only when the
/// server has acknowledged it (recorded, or recognised as a replay). While the server is unreachable or answers
/// 5xx/429 (or 401/403, which an operator can fix) it waits with backoff and tries the same batch again, so order
/// holds and nothing is skipped; a batch the server refuses as malformed would never pass and is dropped, logged.
/// </summary>
public sealed partial class ProbeUploader(BatchSpool spool, ProbeClient client, ProbeSink sink, ProbeAgentOptions options, TimeProvider time, ILogger<ProbeUploader> logger)
{
    private long _sent;

    /// <summary>Batches acknowledged since start.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public async Task RunAsync(CancellationToken stop)
    {
        var delay = TimeSpan.FromMilliseconds(500);
        var failing = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (spool.Oldest() is not { } next)
                {
                    await sink.Sealed.WaitAsync(TimeSpan.FromSeconds(1), stop).ConfigureAwait(false);
                    continue;
                }

                var (outcome, detail) = await client.SendAsync(next.Body, stop).ConfigureAwait(false);
                if (outcome == SendOutcome.Retry)
                {
                    if (failing++ % 10 == 0)
                    {
                        LogRetry(logger, next.Sequence, spool.Count, detail, delay.TotalSeconds);
                    }

                    await Task.Delay(delay, time, stop).ConfigureAwait(false);
                    delay = delay * 2 < options.MaxBackoff ? delay * 2 : options.MaxBackoff;
                    continue;
                }

                if (outcome == SendOutcome.Refused)
                {
                    LogRefused(logger, next.Sequence, detail);
                }
                else if (failing > 0)
                {
                    LogBack(logger, failing, spool.Count);
                }

                spool.Acknowledge(next.Sequence);
                Interlocked.Increment(ref _sent);
                failing = 0;
                delay = TimeSpan.FromMilliseconds(500);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The disk itself failing: say so and keep trying; the scheduler goes on meanwhile.
                LogFailed(logger, e);
                await Task.Delay(options.MaxBackoff, time, stop).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 9560, Level = LogLevel.Warning, Message = "Cannot deliver batch {Sequence} ({Buffered} buffered on disk): {Detail}; trying again in {DelaySeconds} s")]
    private static partial void LogRetry(ILogger logger, long sequence, int buffered, string detail, double delaySeconds);

    [LoggerMessage(EventId = 9561, Level = LogLevel.Error, Message = "The server refused batch {Sequence} as malformed ({Detail}); it is dropped")]
    private static partial void LogRefused(ILogger logger, long sequence, string detail);

    [LoggerMessage(EventId = 9562, Level = LogLevel.Information, Message = "The server takes batches again after {Failures} failed attempts; {Buffered} buffered batches are being replayed in order")]
    private static partial void LogBack(ILogger logger, int failures, int buffered);

    [LoggerMessage(EventId = 9563, Level = LogLevel.Error, Message = "The probe's buffer failed; trying again shortly")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
