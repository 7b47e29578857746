using Pharos.Http;
using Pharos.Accounts;
using Pharos.Storage;

namespace Pharos.Admin.Api;

/// <summary>
/// Honours Idempotency-Key on POST: the first response for a key is stored and replayed to later requests with the
/// same key from the same token, so a script that retries after a timeout never opens two incidents. The same key
/// with a different body is refused (422), and a key still being processed gets 409.
/// </summary>
public sealed class Idempotency(IAdminStore store, TimeProvider time)
{
    public const string Header = "Idempotency-Key";

    public async Task RunAsync(HttpContext http, byte[] body, Func<Task<ApiReply>> handler)
    {
        string? key = http.Request.Headers[Header];
        if (string.IsNullOrEmpty(key))
        {
            await (await handler().ConfigureAwait(false)).WriteAsync(http).ConfigureAwait(false);
            return;
        }

        if (key.Length > 200)
        {
            await Problems.Of(400, "Invalid Idempotency-Key", "The key must be at most 200 characters.").WriteAsync(http).ConfigureAwait(false);
            return;
        }

        var owner = http.User.UserId() ?? "";
        var hash = Secrets.Hash(http.Request.Method + " " + http.Request.Path + "\n" + Convert.ToBase64String(body));
        var ct = http.RequestAborted;
        var earlier = await store.BeginIdempotentAsync(owner, key, hash, time.GetUtcNow(), ct).ConfigureAwait(false);
        if (earlier is not null)
        {
            var reply = earlier.RequestHash != hash
                ? Problems.Of(422, "Idempotency-Key reused", "This key was used for a different request.")
                : earlier.StatusCode is null
                    ? Problems.Of(409, "Request in progress", "A request with this Idempotency-Key is still being processed.")
                    : null;
            if (reply is not null)
            {
                await reply.WriteAsync(http).ConfigureAwait(false);
                return;
            }

            http.Response.Headers["Idempotent-Replayed"] = "true";
            await ApiReply.Write(http, earlier.StatusCode!.Value, earlier.ContentType ?? "application/json", earlier.Body ?? [], CreatedLocation(http, earlier)).ConfigureAwait(false);
            return;
        }

        ApiReply result;
        try
        {
            result = await handler().ConfigureAwait(false);
        }
        catch
        {
            await store.ReleaseIdempotentAsync(owner, key, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        var bytes = result.Bytes();
        await store.CompleteIdempotentAsync(owner, key, result.Status, result.ContentType, bytes, CancellationToken.None).ConfigureAwait(false);
        await ApiReply.Write(http, result.Status, result.ContentType, bytes, result.Location).ConfigureAwait(false);
    }

    /// <summary>A replayed 201 points at the same new object as the first response did.</summary>
    private static string? CreatedLocation(HttpContext http, IdempotencyRecord earlier)
    {
        if (earlier.StatusCode != StatusCodes.Status201Created || earlier.Body is null)
        {
            return null;
        }

        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(earlier.Body);
            return doc.RootElement.TryGetProperty("id", out var id) ? $"{http.Request.Path.Value?.TrimEnd('/')}/{id.GetString()}" : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
