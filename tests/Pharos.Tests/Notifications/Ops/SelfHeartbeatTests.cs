using Microsoft.AspNetCore.Http;
using Pharos.Audit;
using Pharos.Notifications.Channels;
using Pharos.Tests.Support;

namespace Pharos.Tests.Notifications.Ops;

public sealed class SelfHeartbeatTests
{
    [Fact]
    public async Task Beats_on_schedule_while_ready_and_stays_silent_while_not()
    {
        var hits = 0;
        await using var receiver = await LoopbackServer.StartAsync(ctx =>
        {
            Interlocked.Increment(ref hits);
            return ctx.Response.WriteAsync("OK");
        });
        var stuck = new CapturingChannel("stuck") { Answer = (_, _) => DeliveryResult.Retry("451 later", TimeSpan.FromHours(1)) };
        var (app, time) = await OpsHost.StartAsync($"""
            notifications:
              heartbeat:
                url: {receiver.Url("/ping/5f1c")}
                interval: 1m
            """, stuck);
        await using var disposable = app;
        var beat = app.Heartbeat();

        await Eventually.TrueAsync(() => Volatile.Read(ref hits) == 1, TimeSpan.FromSeconds(10), "the first beat at start");
        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(() => Volatile.Read(ref hits) == 2, TimeSpan.FromSeconds(10), "a beat a minute later");
        time.Advance(TimeSpan.FromSeconds(50));
        Volatile.Read(ref hits).ShouldBe(2, "no beat before the interval has passed");
        beat.Sent.ShouldBe(2);

        // A message that cannot go out for an hour: once it has waited past the limit (5 min), Pharos is not ready
        // and the beat stops.
        await app.Operations().SendTestAsync("stuck", Actor.Cli, CancellationToken.None);
        await Eventually.TrueAsync(() => stuck.Calls > 0, TimeSpan.FromSeconds(10), "the stuck channel is tried");
        var outcomes = new List<string>();
        // Each step passes one tick; the check sees the clock at the step's end: the message is then 30 s old, 90 s, … 390 s.
        foreach (var step in new[] { 30, 60, 60, 60, 60, 60, 60 })
        {
            var (sent, skipped) = (beat.Sent, beat.Skipped);
            time.Advance(TimeSpan.FromSeconds(step));
            await Eventually.TrueAsync(() => beat.Sent + beat.Skipped > sent + skipped, TimeSpan.FromSeconds(10), "a beat each minute");
            outcomes.Add(beat.Sent > sent ? "sent" : "skipped");
        }

        // Past the 300 s limit from the sixth check on.
        outcomes.ShouldBe(["sent", "sent", "sent", "sent", "sent", "skipped", "skipped"]);
        Volatile.Read(ref hits).ShouldBe(7, "silence while not ready");

        // The channel recovers; once the message is out, the beat resumes.
        stuck.Answer = (_, _) => DeliveryResult.Ok();
        await Eventually.TrueAsync(() =>
        {
            // Five minutes a step: the channel's Retry-After of an hour passes in a dozen steps.
            time.Advance(TimeSpan.FromMinutes(5));
            return Task.FromResult(Volatile.Read(ref hits) > 7);
        }, TimeSpan.FromSeconds(20), "the beat resumes when ready again", TimeSpan.FromMilliseconds(100));
        beat.Failed.ShouldBe(0);
    }

    [Fact]
    public async Task A_failing_receiver_is_counted_and_the_beat_goes_on()
    {
        var hits = 0;
        await using var receiver = await LoopbackServer.StartAsync(ctx =>
        {
            Interlocked.Increment(ref hits);
            ctx.Response.StatusCode = 500;
            return Task.CompletedTask;
        });
        var (app, time) = await OpsHost.StartAsync($"""
            notifications:
              heartbeat:
                url: {receiver.Url("/ping/secret-uuid")}
                interval: 30s
            """);
        await using var disposable = app;
        var beat = app.Heartbeat();
        await Eventually.TrueAsync(() => beat.Failed == 1, TimeSpan.FromSeconds(10), "the refused beat is counted");

        await receiver.StopAsync();
        time.Advance(TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(() => beat.Failed == 2, TimeSpan.FromSeconds(10), "an unreachable receiver is counted");

        await receiver.RestartAsync();
        receiver.Handler = ctx =>
        {
            Interlocked.Increment(ref hits);
            return ctx.Response.WriteAsync("OK");
        };
        time.Advance(TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(() => beat.Sent == 1, TimeSpan.FromSeconds(10), "the beat goes on after failures");
        hits.ShouldBe(2);

        using var api = await app.ApiClientAsync(Pharos.Accounts.Scopes.Read);
        var metrics = await api.GetStringAsync("/metrics");
        metrics.ShouldContain("pharos_heartbeat_beats_total{outcome=\"failed\"} 2");
        metrics.ShouldContain("pharos_heartbeat_beats_total{outcome=\"sent\"} 1");
        metrics.ShouldNotContain("secret-uuid");
    }
}
