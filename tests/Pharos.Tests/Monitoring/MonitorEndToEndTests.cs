using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pharos.Domain;
using Pharos.Monitoring.Scheduling;
using Pharos.Monitoring.State;
using Pharos.Tests.Support;
using Pharos.Storage;

namespace Pharos.Tests.Monitoring;

/// <summary>The whole monitor in a real server, with the clock in the test's hands.</summary>
public sealed class SqliteMonitorEndToEndTests() : MonitorEndToEndTests(SqlDialect.Sqlite);

public sealed class PostgresMonitorEndToEndTests() : MonitorEndToEndTests(SqlDialect.Postgres);

/// <summary>These tests, run with the app on SQLite and on PostgreSQL.</summary>
public abstract class MonitorEndToEndTests(SqlDialect dialect) : DialectAppTests(dialect)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private Task<TestApp> StartAsync(string checks, FakeTime time) =>
        StartAppAsync(MonitorTestConfigs.Site + "\n" + checks, time: time, configure: s =>
            s.Replace(ServiceDescriptor.Singleton(new SchedulerOptions { MaxJitter = TimeSpan.Zero })));

    private static Task WaitUntil(Func<bool> condition, string what) => Eventually.TrueAsync(condition, TimeSpan.FromSeconds(10), what);

    private static Task WaitUntilAsync(Func<Task<bool>> condition, string what) => Eventually.TrueAsync(condition, TimeSpan.FromSeconds(10), what);

    [SkippableFact]
    public async Task Hysteresis_end_to_end_marks_the_component_down_only_after_three_failures_and_up_after_two_passes()
    {
        var code = 500;
        await using var server = await LoopbackServer.StartAsync(ctx =>
        {
            ctx.Response.StatusCode = code;
            return ctx.Response.WriteAsync("{}");
        });
        var time = new FakeTime(DateTimeOffset.UtcNow);
        await using var app = await StartAsync($"""
            monitoring:
              auto_incidents: true
            checks:
              - id: web
                name: Web front
                type: http
                component: app
                url: {server.Url("/health")}
                interval: 10s
                timeout: 2s
                fail_after: 3
                recover_after: 2
            """, time);
        var pipeline = app.Services.GetRequiredService<MonitorPipeline>();
        var tracker = app.Services.GetRequiredService<CheckTracker>();

        async Task Run(int status)
        {
            code = status;
            var before = pipeline.Recorded;
            time.Advance(Interval);
            await WaitUntil(() => pipeline.Recorded > before, "the next scheduled run");
        }

        await WaitUntil(() => pipeline.Recorded == 1, "the first run at start"); // fail
        await Run(500);
        await Run(200);
        await Run(500);
        await Run(500);
        tracker.Statuses["app"].ShouldBe(ComponentStatus.Operational, "fail, fail, pass, fail, fail is not down");

        await Run(500);
        tracker.StateOf("web").Health.ShouldBe(CheckHealth.Down);
        tracker.Statuses["app"].ShouldBe(ComponentStatus.MajorOutage);
        await app.RefreshAsync();
        app.Snapshot.StatusOf("app").ShouldBe(ComponentStatus.MajorOutage, "the page follows the checks");
        await WaitUntilAsync(async () => (await app.Store.LoadAsync(DateTimeOffset.UnixEpoch, default)).Incidents.Any(i => i.Automated && i.IsOpen), "an automated incident");

        await Run(200);
        tracker.Statuses["app"].ShouldBe(ComponentStatus.MajorOutage, "one pass does not recover");
        await Run(200);
        tracker.Statuses["app"].ShouldBe(ComponentStatus.Operational);
        await WaitUntilAsync(async () => (await app.Store.LoadAsync(DateTimeOffset.UnixEpoch, default)).Incidents.Single(i => i.Automated).Status == IncidentStatus.Resolved, "the incident resolved");
        var incident = (await app.Store.LoadAsync(DateTimeOffset.UnixEpoch, default)).Incidents.Single(i => i.Automated);
        incident.Updates.Count.ShouldBe(2);
        incident.Updates[^1].Body.ShouldContain("Our monitoring detected a problem with", Case.Sensitive, "the configured template");
        incident.Updates[^1].Body.ShouldNotContain("500", Case.Sensitive, "a check's error stays off the public page unless it sets public_details");

        // The API, the metrics and the page show it.
        using var api = await app.ApiClientAsync("read");
        (await app.Client.GetAsync("/api/v1/checks")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "the API needs a token");
        (await app.Client.GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "metrics need a token too");
        var checks = await api.GetStringAsync("/api/v1/checks");
        checks.ShouldContain("\"id\":\"web\"");
        checks.ShouldContain("\"state\":\"up\"");
        await WaitUntilAsync(async () => (await api.GetStringAsync("/api/v1/checks/web/results?limit=50")).Split("\"outcome\"").Length - 1 == 8, "8 stored results");
        var missing = await api.GetAsync("/api/v1/checks/nope/results");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        missing.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var uptime = await api.GetStringAsync("/api/v1/checks/web/uptime?days=7");
        uptime.ShouldContain("\"runs\":8");
        uptime.ShouldContain("\"down\":5");
        (await api.GetAsync("/api/v1/checks/web/uptime?days=9999")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var metrics = await api.GetStringAsync("/metrics");
        metrics.ShouldContain("pharos_check_runs_total{outcome=\"down\",type=\"http\"} 5");
        metrics.ShouldContain("pharos_check_latency_seconds_bucket{type=\"http\",le=\"+Inf\"} 8");
        metrics.ShouldContain("pharos_scheduler_lag_seconds_count 8");
        metrics.ShouldContain("pharos_result_queue_depth");
        metrics.ShouldContain("# TYPE pharos_result_write_failures_total counter\npharos_result_write_failures_total ", customMessage: "exported before any failure, for alerts");
        metrics.ShouldContain("# TYPE pharos_results_dropped_total counter\npharos_results_dropped_total ");

        await app.RefreshAsync();
        var doc = new HtmlParser().ParseDocument(await app.Client.GetStringAsync("/"));
        var bar = doc.QuerySelector("[data-component-id=app] .uptime-bar")!;
        bar.GetAttribute("aria-label")!.ShouldStartWith("Uptime over the last 90 days");
        var cells = bar.QuerySelectorAll("rect");
        cells.Length.ShouldBe(90);
        cells[^1].GetAttribute("data-status").ShouldBe("major_outage");
        cells[^1].QuerySelector("title")!.TextContent.ShouldContain("Major outage");
        cells[^1].QuerySelector("title")!.TextContent.ShouldContain(incident.Name);
        cells[0].GetAttribute("data-status").ShouldBe("none", "no data before monitoring began");
        doc.QuerySelectorAll("[style]").Length.ShouldBe(0, "the CSP forbids inline styles");

        var component = new HtmlParser().ParseDocument(await app.Client.GetStringAsync("/components/app"));
        component.QuerySelectorAll("figure.chart").Length.ShouldBe(3);
        component.QuerySelector("figure[data-chart='24h'] polyline.line-mean").ShouldNotBeNull();
    }

    [SkippableFact]
    public async Task Heartbeat_that_goes_silent_fails_and_a_new_call_brings_it_back()
    {
        var time = new FakeTime(DateTimeOffset.UtcNow);
        await using var app = await StartAsync("""
            checks:
              - id: nightly
                type: heartbeat
                component: app
                token: OOoLZ8wNqS-7rkJ4whZJaQ
                period: 10s
                grace: 5s
                interval: 1s
            """, time);
        var pipeline = app.Services.GetRequiredService<MonitorPipeline>();
        var tracker = app.Services.GetRequiredService<CheckTracker>();
        async Task Tick()
        {
            var before = pipeline.Recorded;
            time.Advance(TimeSpan.FromSeconds(1));
            await WaitUntil(() => pipeline.Recorded > before, "a heartbeat evaluation");
        }

        (await app.Client.PostAsync("/heartbeat/OOoLZ8wNqS-7rkJ4whZJaQ", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.Client.GetAsync("/heartbeat/not-a-real-token-at-all")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        for (var i = 0; i < 15; i++)
        {
            await Tick();
        }

        tracker.StateOf("nightly").Health.ShouldBe(CheckHealth.Up, "15 s of silence is within period + grace");
        await Tick();
        await Tick();
        tracker.StateOf("nightly").Health.ShouldBe(CheckHealth.Down);
        tracker.StateOf("nightly").LastMessage!.ShouldContain("no heartbeat since");

        (await app.Client.GetAsync("/heartbeat/OOoLZ8wNqS-7rkJ4whZJaQ")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Tick();
        tracker.StateOf("nightly").Health.ShouldBe(CheckHealth.Up);

        (await app.Client.PostAsync("/heartbeat/OOoLZ8wNqS-7rkJ4whZJaQ/fail", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Tick();
        tracker.StateOf("nightly").Health.ShouldBe(CheckHealth.Down);
    }

    [SkippableFact]
    public async Task Late_run_skips_the_missed_slot_and_the_next_stays_on_the_grid()
    {
        var start = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var time = new FakeTime(start);
        await using var app = await StartAsync("""
            checks:
              - id: job
                type: heartbeat
                token: uz-kzfQOR2FGGbRPUkhmug
                period: 1h
                interval: 10s
            """, time);
        var pipeline = app.Services.GetRequiredService<MonitorPipeline>();
        await WaitUntil(() => pipeline.Recorded == 1, "the run at start");

        time.Advance(TimeSpan.FromSeconds(25)); // slot 10 s fires late, at 25 s; slot 20 s is missed
        await WaitUntil(() => pipeline.Recorded == 2, "the late run");
        time.Advance(TimeSpan.FromSeconds(5)); // slot 30 s: on the grid, not 25 + 10
        await WaitUntil(() => pipeline.Recorded == 3, "the run at 30 s");
        time.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(100);
        pipeline.Recorded.ShouldBe(3, "nothing is due before 40 s");
        time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntil(() => pipeline.Recorded == 4, "the run at 40 s");

        using var api = await app.ApiClientAsync("read");
        await WaitUntilAsync(async () => (await api.GetStringAsync("/api/v1/checks/job/results")).Split("\"at\"").Length - 1 == 4, "4 stored results");
        var body = await api.GetStringAsync("/api/v1/checks/job/results");
        foreach (var second in new[] { "00", "25", "30", "40" })
        {
            body.ShouldContain($"2026-03-01T12:00:{second}");
        }

        (await api.GetStringAsync("/metrics")).ShouldContain("pharos_scheduler_skipped_runs_total 1");
    }
}
