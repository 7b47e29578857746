using System.Globalization;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Results;
using Pharos.Monitoring.State;
using Pharos.Monitoring.Storage;

namespace Pharos.Monitoring.Api;

/// <summary>
/// /api/v1 for monitoring: checks with their state, raw results, and uptime with latency percentiles per check and
/// per component. Errors are problem+json. Lists come from memory; figures from rollups, never a scan of raw results.
/// </summary>
public static class MonitoringApi
{
    public static RouteGroupBuilder MapMonitoringApi(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Accounts.AuthPolicies.ApiRead).WithTags("Monitoring");

        api.MapGet("/checks", (CheckCatalog checks, CheckTracker tracker) =>
            TypedResults.Json(new { checks = checks.All.Select(c => CheckJson(c, tracker.StateOf(c.Id))) }));

        api.MapGet("/checks/{id}", async (string id, CheckCatalog checks, CheckTracker tracker, IMonitorStore store, TimeProvider time, CancellationToken ct) =>
        {
            var check = checks.Find(id);
            if (check is null)
            {
                return UnknownCheck(id);
            }

            var now = time.GetUtcNow();
            var windows = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (name, span) in new[] { ("24h", TimeSpan.FromHours(24)), ("7d", TimeSpan.FromDays(7)), ("30d", TimeSpan.FromDays(30)), ("90d", TimeSpan.FromDays(90)) })
            {
                var g = span <= TimeSpan.FromDays(7) ? Granularity.Hour : Granularity.Day;
                windows[name] = Summary(await store.GetRollupsAsync("check", id, g, Rollup.BucketStart(now - span, g), now.AddDays(1), ct).ConfigureAwait(false));
            }

            return Microsoft.AspNetCore.Http.Results.Json(new { check = CheckJson(check, tracker.StateOf(id)), uptime = windows });
        });

        api.MapGet("/checks/{id}/results", async (string id, HttpRequest request, CheckCatalog checks, IMonitorStore store, Locations.LocationPlan plan, TimeProvider time, CancellationToken ct) =>
        {
            if (checks.Find(id) is null)
            {
                return UnknownCheck(id);
            }

            var now = time.GetUtcNow();
            if (!TryTime(request, "from", now - TimeSpan.FromHours(24), out var from) || !TryTime(request, "to", now.AddSeconds(1), out var to) || !TryInt(request, "limit", 100, 1, 10_000, out var limit))
            {
                return BadRequest("'from' and 'to' must be ISO 8601 times and 'limit' a number from 1 to 10000");
            }

            var results = await store.GetResultsAsync(id, from, to, limit, ct).ConfigureAwait(false);
            return Microsoft.AspNetCore.Http.Results.Json(new
            {
                check_id = id,
                results = results.Select(r => new { at = r.At, outcome = r.Outcome.ToString().ToLowerInvariant(), latency_ms = Math.Round(r.LatencyMs, 2), message = r.Message, location = r.Location ?? plan.Own }),
            });
        });

        api.MapGet("/checks/{id}/uptime", (string id, HttpRequest request, CheckCatalog checks, IMonitorStore store, TimeProvider time, CancellationToken ct) =>
            checks.Find(id) is null ? Task.FromResult(UnknownCheck(id)) : UptimeAsync("check", id, request, store, time, ct));

        api.MapGet("/components/{id}/uptime", (string id, HttpRequest request, CheckCatalog checks, IMonitorStore store, TimeProvider time, CancellationToken ct) =>
            !checks.HasComponent(id)
                ? Task.FromResult(Problem(404, "Unknown component", $"There is no component '{id}'."))
                : UptimeAsync("component", id, request, store, time, ct));
        return api;
    }

    private static async Task<IResult> UptimeAsync(string scope, string id, HttpRequest request, IMonitorStore store, TimeProvider time, CancellationToken ct)
    {
        if (!TryInt(request, "days", 30, 1, 400, out var days))
        {
            return BadRequest("'days' must be a number from 1 to 400");
        }

        var now = time.GetUtcNow();
        var rollups = await store.GetRollupsAsync(scope, id, Granularity.Day, Rollup.BucketStart(now, Granularity.Day).AddDays(1 - days), now.AddDays(1), ct).ConfigureAwait(false);
        return Microsoft.AspNetCore.Http.Results.Json(new
        {
            scope,
            id,
            days,
            total = Summary(rollups),
            by_day = rollups.Select(r => new { day = r.Bucket.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), summary = Summary([r]) }),
        });
    }

    private static object Summary(IReadOnlyList<Rollup> rollups)
    {
        var sum = new Rollup { Scope = "", SubjectId = "", Granularity = Granularity.Day, Bucket = default };
        foreach (var r in rollups)
        {
            sum.Merge(r);
        }

        return new
        {
            runs = sum.Total,
            up = sum.Up,
            degraded = sum.Degraded,
            down = sum.Down,
            uptime_percent = sum.UptimePercent is { } u ? Math.Round(u, 4) : (double?)null,
            latency_ms = sum.Total == 0 ? null : new
            {
                mean = Math.Round(sum.MeanLatencyMs, 2),
                p50 = Math.Round(sum.PercentileMs(0.50), 2),
                p95 = Math.Round(sum.PercentileMs(0.95), 2),
                p99 = Math.Round(sum.PercentileMs(0.99), 2),
                max = Math.Round(sum.LatencyMaxMs, 2),
            },
        };
    }

    private static object CheckJson(CheckConfig c, CheckState s) => new
    {
        id = c.Id,
        name = c.Name,
        type = c.Type.ToString().ToLowerInvariant(),
        component_id = c.ComponentId,
        hostname = c.Hostname,
        interval_seconds = c.Interval.TotalSeconds,
        timeout_seconds = c.Timeout.TotalSeconds,
        fail_after = c.FailAfter,
        recover_after = c.RecoverAfter,
        state = s.Health.ToString().ToLowerInvariant(),
        since = s.Since,
        last_result_at = s.LastResultAt,
        last_message = s.LastMessage,
    };

    private static IResult UnknownCheck(string id) => Problem(404, "Unknown check", $"There is no check '{id}'.");

    private static IResult BadRequest(string detail) => Problem(400, "Bad request", detail);

    private static IResult Problem(int status, string title, string detail) => TypedResults.Problem(statusCode: status, title: title, detail: detail);

    private static bool TryTime(HttpRequest request, string name, DateTimeOffset fallback, out DateTimeOffset value)
    {
        var raw = request.Query[name].ToString();
        value = fallback;
        return raw.Length == 0 || DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    private static bool TryInt(HttpRequest request, string name, int fallback, int min, int max, out int value)
    {
        var raw = request.Query[name].ToString();
        value = fallback;
        return raw.Length == 0 || (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max);
    }
}
