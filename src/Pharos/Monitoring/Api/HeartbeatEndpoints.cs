using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Storage;

namespace Pharos.Monitoring.Api;

/// <summary>
/// /heartbeat/{token}: a scheduled job calls it when it ran (GET or POST, so curl and cron need nothing special);
/// /heartbeat/{token}/fail reports that the job ran and failed. The token is the secret; unknown tokens get 404.
/// </summary>
public static class HeartbeatEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapMethods("/heartbeat/{token}", ["GET", "POST"], (string token, HeartbeatRegistry registry, IMonitorStore store, TimeProvider time, CancellationToken ct) =>
            RecordAsync(token, failed: false, registry, store, time, ct));
        app.MapMethods("/heartbeat/{token}/fail", ["GET", "POST"], (string token, HeartbeatRegistry registry, IMonitorStore store, TimeProvider time, CancellationToken ct) =>
            RecordAsync(token, failed: true, registry, store, time, ct));
    }

    private static async Task<IResult> RecordAsync(string token, bool failed, HeartbeatRegistry registry, IMonitorStore store, TimeProvider time, CancellationToken ct)
    {
        var checkId = registry.CheckFor(token);
        if (checkId is null)
        {
            return TypedResults.Problem(statusCode: 404, title: "Unknown heartbeat", detail: "No heartbeat check has this token.");
        }

        var now = time.GetUtcNow();
        registry.Record(checkId, now, failed);
        await store.SaveHeartbeatAsync(checkId, now, failed, ct).ConfigureAwait(false);
        return TypedResults.Text(failed ? "failure recorded\n" : "ok\n", "text/plain; charset=utf-8");
    }
}
