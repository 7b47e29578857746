using System.Globalization;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Storage;

namespace Pharos.Monitoring.Api;

/// <summary>
/// /heartbeat/{token}: a scheduled job calls it when it ran (GET or POST, so curl and cron need nothing special);
/// /heartbeat/{token}/fail reports that the job ran and failed. The token is the secret; unknown tokens get 404.
/// Each token is taken at most once per check interval: a burst gets 429 with Retry-After (which `curl --retry`
/// honours) and costs no database write.
/// </summary>
public static class HeartbeatEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapMethods("/heartbeat/{token}", ["GET", "POST"], (string token, HttpResponse response, HeartbeatRegistry registry, IMonitorStore store, TimeProvider time, CancellationToken ct) =>
            RecordAsync(token, failed: false, response, registry, store, time, ct));
        app.MapMethods("/heartbeat/{token}/fail", ["GET", "POST"], (string token, HttpResponse response, HeartbeatRegistry registry, IMonitorStore store, TimeProvider time, CancellationToken ct) =>
            RecordAsync(token, failed: true, response, registry, store, time, ct));
    }

    private static async Task<IResult> RecordAsync(string token, bool failed, HttpResponse response, HeartbeatRegistry registry, IMonitorStore store, TimeProvider time, CancellationToken ct)
    {
        var checkId = registry.CheckFor(token);
        if (checkId is null)
        {
            return TypedResults.Problem(statusCode: 404, title: "Unknown heartbeat", detail: "No heartbeat check has this token.");
        }

        var now = time.GetUtcNow();
        if (!registry.TryAccept(checkId, now, out var retryAfter))
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: 429, title: "Too many heartbeats",
                detail: $"This heartbeat was called less than its interval ago; call again in {seconds} s.");
        }

        registry.Record(checkId, now, failed);
        await store.SaveHeartbeatAsync(checkId, now, failed, ct).ConfigureAwait(false);
        return TypedResults.Text(failed ? "failure recorded\n" : "ok\n", "text/plain; charset=utf-8");
    }
}
