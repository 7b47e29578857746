using System.Text.Json;
using Pharos.Http;

namespace Pharos.Notifications.Health;

/// <summary>
/// /healthz (liveness: the process serves requests; touches nothing else) and /readyz (readiness: <see cref="ReadinessProbe"/>),
/// for load balancers and orchestrators. Open to anyone, never cached, numbers only.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/healthz", [HttpMethods.Get, HttpMethods.Head], (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return Results.Text("ok", "text/plain; charset=utf-8");
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapMethods("/readyz", [HttpMethods.Get, HttpMethods.Head], async (HttpContext http, ReadinessProbe probe) =>
        {
            var readiness = await probe.CheckAsync(http.RequestAborted).ConfigureAwait(false);
            var shape = Shape(readiness);
            // Which node answered and whether it leads: what a load balancer or an operator needs to tell nodes apart.
            if (http.RequestServices.GetService<Cluster.ILeadership>() is { } leadership)
            {
                shape["node"] = new Dictionary<string, object?> { ["id"] = leadership.NodeId, ["leader"] = leadership.Current is not null, ["term"] = leadership.Current?.Number };
            }

            var body = JsonSerializer.SerializeToUtf8Bytes(shape, ApiJson.Options);
            await ApiReply.Write(http, readiness.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable,
                "application/json; charset=utf-8", body, null).ConfigureAwait(false);
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static Dictionary<string, object?> Shape(Readiness r) => new()
    {
        ["status"] = r.Ready ? "ready" : "not_ready",
        ["checked_at"] = r.CheckedAt,
        ["failed"] = r.Failed,
        ["checks"] = r.Checks.ToDictionary(c => c.Name, c =>
        {
            var d = new Dictionary<string, object?> { ["ok"] = c.Ok };
            if (c.Problem is not null)
            {
                d["problem"] = c.Problem;
            }

            foreach (var (k, v) in c.Values)
            {
                d[k] = v;
            }

            return d;
        }),
    };
}
