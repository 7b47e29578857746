using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Pharos.Domain;
using Pharos.Notifications.Channels;
using Pharos.Telemetry;

namespace Pharos.Notifications.Outbox;

/// <summary>
/// Sends what the outbox holds: claims due deliveries (the head of each channel and ordering key), sends them through
/// their channels with bounded concurrency, retries with backoff and jitter, moves a delivery to its fallback when its
/// channel keeps failing, and turns it into a dead letter with an undeliverable alert when every channel has failed.
/// Delivery is at least once: a crash between sending and recording sends again, with the same idempotency key.
/// </summary>
public sealed partial class OutboxRelay(
    IOutboxStore store,
    ChannelRegistry channels,
    IRecipientResolver recipients,
    NotificationLinks links,
    RelayMetrics metrics,
    NotificationsConfig config,
    TimeProvider time,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private readonly Channel<Outcome> _outcomes = Channel.CreateUnbounded<Outcome>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, Notice> _notices = new();
    private readonly Dictionary<string, Routing.RouteConfig> _routes = config.Routes.ToDictionary(r => r.Id, StringComparer.Ordinal);
    private int _inFlight;

    private RelayOptions Options => config.Relay;

    /// <summary>Looks for due deliveries now rather than at the next poll (called after an enqueue).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken.
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        await store.ReleaseLeasesAsync(stoppingToken).ConfigureAwait(false);
        var writer = WriteOutcomesAsync(stoppingToken);
        try
        {
            await ClaimLoopAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        _outcomes.Writer.TryComplete();
        await writer.ConfigureAwait(false);
    }

    private async Task ClaimLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var room = Options.Batch - Volatile.Read(ref _inFlight);
            var claimed = 0;
            if (room > 0)
            {
                try
                {
                    claimed = await ClaimAndStartAsync(room, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogClaimFailed(logger, e);
                }
            }

            if (claimed == 0 || room <= claimed)
            {
                // Nothing due, or full: wait until a delivery finishes, something is enqueued, or the poll interval passes.
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var woken = _wake.WaitAsync(cts.Token);
                // The poll runs on the TimeProvider, so a test that moves a fake clock wakes the relay at once.
                var poll = Task.Delay(Options.Poll, time, cts.Token);
                await Task.WhenAny(woken, poll).ConfigureAwait(false);
                await cts.CancelAsync().ConfigureAwait(false);
                ct.ThrowIfCancellationRequested();
            }
        }
    }

    private async Task<int> ClaimAndStartAsync(int room, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var batch = await store.ClaimAsync(now, room, now + Options.Lease, ct).ConfigureAwait(false);
        if (batch.Count == 0)
        {
            return 0;
        }

        var ids = batch.Where(e => e.Recipient is not null).Select(e => e.Recipient!).Distinct(StringComparer.Ordinal).ToList();
        var resolved = ids.Count == 0 ? new Dictionary<string, Recipient>() : await recipients.ResolveAsync(ids, ct).ConfigureAwait(false);
        foreach (var entry in batch)
        {
            Recipient? recipient = null;
            if (entry.Recipient is not null && !resolved.TryGetValue(entry.Recipient, out recipient))
            {
                await _outcomes.Writer.WriteAsync(new Outcome.Cancelled(entry.Id, entry.Channel, now, "the subscriber is gone"), ct).ConfigureAwait(false);
                continue;
            }

            Interlocked.Increment(ref _inFlight);
            _ = SendAsync(entry, recipient, ct);
        }

        if (_notices.Count > 4096)
        {
            _notices.Clear();
        }

        return batch.Count;
    }

    private async Task SendAsync(OutboxEntry entry, Recipient? recipient, CancellationToken ct)
    {
        try
        {
            foreach (var o in await AttemptAsync(entry, recipient, ct).ConfigureAwait(false))
            {
                await _outcomes.Writer.WriteAsync(o, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the lease runs out or the next start frees it; the delivery is sent then.
        }
        catch (Exception e)
        {
            LogSendCrashed(logger, entry.Id, e);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task<IReadOnlyList<Outcome>> AttemptAsync(OutboxEntry entry, Recipient? recipient, CancellationToken ct)
    {
        using var activity = PharosTelemetry.Source.StartActivity(PharosTelemetry.OutboxDelivery)?.SetTag("pharos.channel", entry.Channel).SetTag("pharos.outbox.id", entry.Id);
        var channel = channels.Find(entry.Channel);
        var notice = await NoticeAsync(entry.NoticeId, ct).ConfigureAwait(false);
        if (channel is null || notice is null)
        {
            var why = channel is null ? $"no channel has the id '{entry.Channel}' any more" : $"notice {entry.NoticeId} is missing";
            return [GiveUp(entry, notice, time.GetUtcNow(), TimeSpan.Zero, why)];
        }

        var followers = await FollowersAsync(entry, ct).ConfigureAwait(false);
        var grouped = new List<Notice>();
        if (followers.Count > 0)
        {
            grouped.Add(notice);
            foreach (var f in followers)
            {
                if (await NoticeAsync(f.NoticeId, ct).ConfigureAwait(false) is { } n)
                {
                    grouped.Add(n);
                }
            }
        }

        var message = new OutboundMessage
        {
            Id = entry.Id,
            IdempotencyKey = entry.IdempotencyKey,
            Notice = notice,
            Grouped = grouped,
            Recipient = recipient,
            Attempt = entry.Attempts + 1,
            AcknowledgeUrl = notice.Data.ContainsKey(NoticeData.Escalates) ? links.Acknowledge(notice.Id) : null,
        };

        var gate = _gates.GetOrAdd(channel.Id, _ => new SemaphoreSlim(Math.Max(1, channel.Concurrency)));
        await gate.WaitAsync(ct).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        DeliveryResult result;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            // Only a backstop for a channel that ignores cancellation: each channel applies its own timeout, which may be
            // up to the longest a config accepts, so the guard must sit above that.
            timeout.CancelAfter(ChannelTypes.MaxTimeout + TimeSpan.FromMinutes(1));
            result = await channel.SendAsync(message, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            result = DeliveryResult.Retry("timed out");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            result = DeliveryResult.Retry(e.Message);
        }
        finally
        {
            gate.Release();
        }

        var took = Stopwatch.GetElapsedTime(started);
        var now = time.GetUtcNow();
        metrics.Attempted(channel.Id, result is DeliveryResult.Delivered, 1 + followers.Count, took);
        activity?.SetTag("pharos.outbox.result", result.GetType().Name.ToLowerInvariant());
        var outcomes = new List<Outcome>();
        switch (result)
        {
            case DeliveryResult.Delivered:
                outcomes.Add(new Outcome.Sent(entry.Id, entry.Channel, now, took, followers.Select(f => f.Id).ToList()));
                return outcomes;
            case DeliveryResult.Transient t when entry.Attempts + 1 < Options.MaxAttempts:
                var delay = Options.Backoff(entry.Attempts + 1, Random.Shared.NextDouble());
                if (t.RetryAfter is { } after && after > delay)
                {
                    delay = after;
                }

                LogRetry(logger, entry.Id, entry.Channel, entry.Attempts + 1, t.Error, delay);
                outcomes.Add(new Outcome.RetryAt(entry.Id, entry.Channel, now, took, t.Error, now + delay));
                break;
            case DeliveryResult.Transient t:
                outcomes.Add(GiveUp(entry, notice, now, took, $"{Options.MaxAttempts} attempts failed; last: {t.Error}"));
                break;
            case DeliveryResult.Permanent p:
                outcomes.Add(GiveUp(entry, notice, now, took, p.Error));
                break;
        }

        outcomes.AddRange(followers.Select(f => new Outcome.Released(f.Id, f.Channel, now)));
        return outcomes;
    }

    private async Task<IReadOnlyList<OutboxEntry>> FollowersAsync(OutboxEntry entry, CancellationToken ct)
    {
        if (entry.Route is null || !_routes.TryGetValue(entry.Route, out var route) || route.Group <= TimeSpan.Zero)
        {
            return [];
        }

        var now = time.GetUtcNow();
        return await store.ClaimFollowersAsync(entry, now, 50, now + Options.Lease, ct).ConfigureAwait(false);
    }

    private Outcome GiveUp(OutboxEntry entry, Notice? notice, DateTimeOffset now, TimeSpan took, string error)
    {
        if (entry.Fallbacks.Count > 0)
        {
            LogFallback(logger, entry.Id, entry.Channel, entry.Fallbacks[0], error);
            return new Outcome.MovedTo(entry.Id, entry.Channel, now, took, error, entry.Fallbacks[0], entry.Fallbacks.Skip(1).ToList());
        }

        LogDead(logger, entry.Id, entry.Channel, error);
        metrics.GaveUp();
        var tried = entry.Tried.Append(entry.Channel).ToList();
        // An undeliverable alert about an undeliverable alert would loop; that one is only logged (and counted on /readyz).
        // Nor is a subscriber's own address worth waking operators for: a hundred dead subscriber webhooks would
        // drown the alerts that matter; those dead letters are listed in the admin.
        DomainEvent? alert = notice is null || notice.Kind == EventKinds.Undeliverable || entry.Recipient is not null ? null
            : new DomainEvent(EventKinds.Undeliverable, "message", entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), now)
            {
                Actor = "system:notifications",
                Detail = JsonSerializer.Serialize(new Dictionary<string, string>
                {
                    ["title"] = $"Undeliverable: {notice.Title}",
                    ["text"] = $"A {notice.Kind} message could not be delivered through {string.Join(", ", tried)}. Last error: {error}. It is listed among the dead letters in the admin, where it can be re-sent.",
                    ["tried"] = string.Join(',', tried),
                    ["error"] = error,
                    ["original_kind"] = notice.Kind,
                }),
            };
        return new Outcome.Dead(entry.Id, entry.Channel, now, took, error, alert);
    }

    private async Task<Notice?> NoticeAsync(long id, CancellationToken ct)
    {
        if (_notices.TryGetValue(id, out var n))
        {
            return n;
        }

        n = await store.GetNoticeAsync(id, ct).ConfigureAwait(false);
        if (n is not null)
        {
            _notices[id] = n;
        }

        return n;
    }

    private async Task WriteOutcomesAsync(CancellationToken ct)
    {
        var reader = _outcomes.Reader;
        var batch = new List<Outcome>(256);
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (batch.Count < 512 && reader.TryRead(out var o))
            {
                batch.Add(o);
            }

            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    // Not the stopping token: outcomes already in hand are written even while shutting down.
                    await store.RecordAsync(batch, CancellationToken.None).ConfigureAwait(false);
                    break;
                }
                catch (Exception e) when (attempt < 20)
                {
                    LogRecordFailed(logger, batch.Count, e);
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * (attempt + 1)), time, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    // Leases run out and the deliveries are sent again: at least once holds.
                    LogRecordFailed(logger, batch.Count, e);
                    break;
                }
            }

            batch.Clear();
            Wake();
        }
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Error, Message = "The outbox could not be read")]
    private static partial void LogClaimFailed(ILogger logger, Exception e);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Error, Message = "Sending outbox message {Id} failed unexpectedly")]
    private static partial void LogSendCrashed(ILogger logger, long id, Exception e);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Information, Message = "Message {Id} through {Channel}: attempt {Attempt} failed ({Error}); retrying in {Delay}")]
    private static partial void LogRetry(ILogger logger, long id, string channel, int attempt, string error, TimeSpan delay);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Warning, Message = "Message {Id}: channel {Channel} gave up ({Error}); moving to {Fallback}")]
    private static partial void LogFallback(ILogger logger, long id, string channel, string fallback, string error);

    [LoggerMessage(EventId = 9005, Level = LogLevel.Error, Message = "Message {Id} is undeliverable: {Channel} gave up ({Error}) and no fallback is left")]
    private static partial void LogDead(ILogger logger, long id, string channel, string error);

    [LoggerMessage(EventId = 9006, Level = LogLevel.Error, Message = "Recording the outcome of {Count} deliveries failed")]
    private static partial void LogRecordFailed(ILogger logger, int count, Exception e);
}
