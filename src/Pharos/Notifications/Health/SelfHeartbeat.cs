using System.Diagnostics.Metrics;
using Pharos.Notifications.Channels;

namespace Pharos.Notifications.Health;

/// <summary>
/// Calls `notifications.heartbeat.url` every interval while Pharos is ready, so a dead man's switch elsewhere
/// (healthchecks-style) raises the alarm when Pharos stops, hangs or cannot send its own messages. It stays silent
/// while not ready: silence is the signal. A failed call is logged and counted, and the loop goes on.
/// </summary>
public sealed partial class SelfHeartbeat(
    NotificationsConfig config,
    ReadinessProbe probe,
    ChannelContext channels,
    TimeProvider time,
    IMeterFactory meters,
    ILogger<SelfHeartbeat> logger) : BackgroundService
{
    public const string MeterName = "Pharos.Notifications.Heartbeat";

    /// <summary>On /metrics: pharos_heartbeat_beats_total by outcome.</summary>
    private readonly Counter<long> _beats = meters.Create(MeterName).CreateCounter<long>(
        "pharos_heartbeat_beats_total", description: "Outgoing heartbeats by outcome: sent, failed, skipped (not ready)");
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

        foreach (var outcome in (string[])["sent", "failed", "skipped"])
        {
            // Exported as 0 from the start, so an alert on "no increase of sent" has a series to look at.
            _beats.Add(0, new KeyValuePair<string, object?>("outcome", outcome));
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
                Count(ref _failed, "failed");
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
            Count(ref _skipped, "skipped");
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

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Wall-clock time, as the channels do: the timeout bounds real I/O, which a test's fake clock must not cut short.
        linked.CancelAfter(Timeout);
        try
        {
            using var response = await channels.Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                Count(ref _sent, "sent");
                return;
            }

            Count(ref _failed, "failed");
            // The host only: the path of a heartbeat URL is usually its secret.
            LogBeatFailed(logger, url.Host, $"HTTP {(int)response.StatusCode}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Count(ref _failed, "failed");
            LogBeatFailed(logger, url.Host, $"no answer within {Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            Count(ref _failed, "failed");
            LogBeatFailed(logger, url.Host, e.HttpRequestError.ToString());
        }
    }

    public override void Dispose()
    {
        _beats.Meter.Dispose();
        base.Dispose();
    }

    private void Count(ref long field, string outcome)
    {
        Interlocked.Increment(ref field);
        _beats.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
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
