using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Pharos.Accounts;
using Pharos.Http;
using Pharos.Monitoring.Locations;

namespace Pharos.Probes;

/// <summary>
/// /api/v1/probes: a probe fetches its checks and posts signed result batches with its own token (scope probe);
/// readers list probes and locations. Every refusal is problem+json naming the field at fault.
/// </summary>
public static class ProbeApi
{
    /// <summary>Room for a few thousand results; a probe sends smaller batches.</summary>
    public const int MaxBatchBytes = 4 * 1024 * 1024;

    public static void Map(IEndpointRouteBuilder app)
    {
        var probe = app.MapGroup("/api/v1/probes").RequireAuthorization(AuthPolicies.ApiProbe);
        probe.MapGet("/checks", GetChecksAsync);
        probe.MapPost("/results", PostResultsAsync);

        app.MapGet("/api/v1/probes", async (ProbeService probes, LocationResults locations, CancellationToken ct) =>
        {
            var impaired = locations.Impaired;
            var list = await probes.ListAsync(ct).ConfigureAwait(false);
            return Results.Json(list.Select(p => new
            {
                p.Name, p.Location, p.Version, p.LastContactAt, p.LastSequence, p.LastBatchId, p.Batches, p.Results, p.Dropped,
                Revoked = p.Revoked,
                LocationImpaired = impaired.Contains(p.Location),
            }), ApiJson.Options);
        }).RequireAuthorization(AuthPolicies.ApiRead);
        app.MapGet("/api/v1/locations", (LocationResults locations) =>
            Results.Json(locations.Locations(), ApiJson.Options)).RequireAuthorization(AuthPolicies.ApiRead);
    }

    private static async Task GetChecksAsync(HttpContext http, ProbeStore store, ProbeChecks checks, TimeProvider time)
    {
        if (await ProbeOfAsync(http, store).ConfigureAwait(false) is not { } probe)
        {
            return;
        }

        await store.TouchAsync(probe.Name, time.GetUtcNow(), VersionOf(http), http.RequestAborted).ConfigureAwait(false);
        var (yaml, etag) = checks.For(probe.Location);
        http.Response.Headers.ETag = etag;
        if (http.Request.Headers.IfNoneMatch == etag)
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        await new ApiReply(StatusCodes.Status200OK, new ProbeChecksReply(probe.Name, probe.Location, etag, yaml)).WriteAsync(http).ConfigureAwait(false);
    }

    private static async Task PostResultsAsync(HttpContext http, ProbeStore store, ProbeIngest ingest, TimeProvider time)
    {
        if (await ProbeOfAsync(http, store).ConfigureAwait(false) is not { } probe)
        {
            return;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBatchBytes;
        }

        using var ms = new MemoryStream();
        await http.Request.Body.CopyToAsync(ms, http.RequestAborted).ConfigureAwait(false);
        var body = ms.ToArray();
        if (Refusal(http, body, time.GetUtcNow()) is { } refused)
        {
            await refused.WriteAsync(http).ConfigureAwait(false);
            return;
        }

        ProbeBatch? batch = null;
        var v = new Validation();
        try
        {
            batch = JsonSerializer.Deserialize<ProbeBatch>(body, ProbeJson.Options);
        }
        catch (JsonException e)
        {
            v.Add(string.IsNullOrEmpty(e.Path) ? "body" : e.Path.TrimStart('$', '.'), $"not a valid batch: {e.Message}");
        }

        if (batch is not null)
        {
            Validate(batch, v);
        }

        if (batch is null || !v.IsValid)
        {
            if (v.IsValid)
            {
                v.Add("body", "a batch is required");
            }

            await Problems.Invalid(v).WriteAsync(http).ConfigureAwait(false);
            return;
        }

        var reply = await ingest.TakeAsync(probe, batch, http.RequestAborted).ConfigureAwait(false);
        await new ApiReply(StatusCodes.Status200OK, reply).WriteAsync(http).ConfigureAwait(false);
    }

    /// <summary>The timestamp must be near now and the signature right; 401 otherwise, naming the header at fault.</summary>
    private static ApiReply? Refusal(HttpContext http, byte[] body, DateTimeOffset now)
    {
        var v = new Validation();
        var stamp = http.Request.Headers[BatchSignature.TimestampHeader].ToString();
        if (!long.TryParse(stamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            v.Add(BatchSignature.TimestampHeader, "required: the time of sending in Unix seconds");
        }
        else if ((now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799))).Duration() > BatchSignature.MaxSkew)
        {
            v.Add(BatchSignature.TimestampHeader, $"more than {BatchSignature.MaxSkew.TotalMinutes:0} minutes from the server's clock ({now.ToUnixTimeSeconds()}); check the probe's clock");
        }
        else
        {
            var token = http.Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
            if (!BatchSignature.Verify(BatchSignature.KeyOf(token), seconds, body, http.Request.Headers[BatchSignature.SignatureHeader].ToString()))
            {
                v.Add(BatchSignature.SignatureHeader, "missing or wrong: sha256=HMAC-SHA256(key from the token, timestamp + '.' + body) in hex");
            }
        }

        return v.IsValid ? null : Problems.Of(StatusCodes.Status401Unauthorized, "Batch not authenticated", "The batch's timestamp or signature is not acceptable; nothing was recorded.", v.ToDictionary());
    }

    private static void Validate(ProbeBatch b, Validation v)
    {
        if (string.IsNullOrWhiteSpace(b.Instance) || b.Instance.Length > 64)
        {
            v.Add("instance", "required, at most 64 characters");
        }

        if (string.IsNullOrWhiteSpace(b.BatchId) || b.BatchId.Length > 64)
        {
            v.Add("batch_id", "required, at most 64 characters");
        }

        if (b.Sequence < 1)
        {
            v.Add("sequence", "must be 1 or more");
        }

        if (b.Results is null || b.Results.Count > 50_000)
        {
            v.Add("results", "required, at most 50000");
        }
    }

    /// <summary>The probe the token belongs to; a 403 is written when the token is not a live probe's.</summary>
    private static async Task<Probe?> ProbeOfAsync(HttpContext http, ProbeStore store)
    {
        var tokenId = http.User.UserId();
        var probe = tokenId is null ? null : await store.FindByTokenAsync(tokenId, http.RequestAborted).ConfigureAwait(false);
        if (probe is null)
        {
            await Problems.WriteAsync(http, StatusCodes.Status403Forbidden, "Not a probe", "This token belongs to no live probe; add one with 'pharos probe add'.").ConfigureAwait(false);
        }

        return probe;
    }

    private static string? VersionOf(HttpContext http)
    {
        var agent = http.Request.Headers.UserAgent.ToString();
        return agent.StartsWith("pharos-probe/", StringComparison.Ordinal) ? agent["pharos-probe/".Length..][..Math.Min(40, agent.Length - "pharos-probe/".Length)] : null;
    }
}
