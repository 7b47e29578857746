using Pharos.Notifications.Channels;

namespace Pharos.Notifications.Health;

/// <summary>
/// Calls `notifications.heartbeat.url` every interval while Pharos is ready, so a dead man's switch elsewhere
/// (healthchecks-style) raises the alarm when Pharos stops, hangs or cannot send its own messages. It stays silent
/// while not ready: silence is the signal. A failed call is logged and counted, and the loop goes on.
/// </summary>
public sealed partial class SelfHeartbeat(NotificationsConfig config, ReadinessProbe probe, ChannelContext channels, TimeProvider time, ILogger<SelfHeartbeat> logger)
    : BackgroundService
{
    private long _sent;
    private long _failed;
    private long _skipped;
    private bool _wasReady = true;

    /// <summary>Calls answered with a 2xx since start.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Calls that failed (no answer, a timeout, a non-2xx status).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Beats left out because Pharos was not ready.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>The per-call limit: the interval, but never more than ten seconds, so a hung receiver cannot pile calls up.</summary>
    private TimeSpan Timeout => config.Heartbeat.Interval < TimeSpan.FromSeconds(10) ? config.Heartbeat.Interval : TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (config.Heartbeat.Url is not { } url)
        {
            return;
        }

        await Task.Yield();
        using var timer = new PeriodicTimer(config.Heartbeat.Interval, time);
        do
        {
            try
            {
                await BeatAsync(url, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref _failed);
                LogBeatCrashed(logger, e.GetType().Name);
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task BeatAsync(Uri url, CancellationToken ct)
    {
        var readiness = await probe.CheckAsync(ct).ConfigureAwait(false);
        if (!readiness.Ready)
        {
            Interlocked.Increment(ref _skipped);
            if (_wasReady)
            {
                // Once per spell: the interval may be seconds, and the reason shows on /readyz.
                LogNotReady(logger, string.Join(", ", readiness.Failed));
            }

            _wasReady = false;
            return;
        }

        if (!_wasReady)
        {
            LogReadyAgain(logger);
            _wasReady = true;
        }

        using var timeout = new CancellationTokenSource(Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            using var response = await channels.Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref _sent);
                return;
            }

            Interlocked.Increment(ref _failed);
            // The host only: the path of a heartbeat URL is usually its secret.
            LogBeatFailed(logger, url.Host, $"HTTP {(int)response.StatusCode}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failed);
            LogBeatFailed(logger, url.Host, $"no answer within {Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            Interlocked.Increment(ref _failed);
            LogBeatFailed(logger, url.Host, e.HttpRequestError.ToString());
        }
    }

    [LoggerMessage(EventId = 9400, Level = LogLevel.Warning, Message = "Heartbeat to {Host} failed: {Error}")]
    private static partial void LogBeatFailed(ILogger logger, string host, string error);

    [LoggerMessage(EventId = 9401, Level = LogLevel.Warning, Message = "Heartbeat held back while not ready ({Failed})")]
    private static partial void LogNotReady(ILogger logger, string failed);

    [LoggerMessage(EventId = 9403, Level = LogLevel.Information, Message = "Heartbeat resumed: ready again")]
    private static partial void LogReadyAgain(ILogger logger);

    [LoggerMessage(EventId = 9402, Level = LogLevel.Error, Message = "Heartbeat failed unexpectedly ({Error})")]
    private static partial void LogBeatCrashed(ILogger logger, string error);
}
