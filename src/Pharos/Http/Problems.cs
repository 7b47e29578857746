using System.Text.Json;

namespace Pharos.Http;

/// <summary>RFC 9457 problem details for every /api/v1 error, with ValidationProblemDetails' "errors" keyed by field.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static ApiReply Of(int status, string title, string? detail = null, IDictionary<string, string[]>? errors = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["type"] = $"https://httpstatuses.io/{status}",
            ["title"] = title,
            ["status"] = status,
        };
        if (detail is not null)
        {
            body["detail"] = detail;
        }

        if (errors is not null)
        {
            body["errors"] = errors;
        }

        return new ApiReply(status, body, ContentType);
    }

    public static ApiReply Invalid(Validation v) =>
        Of(StatusCodes.Status400BadRequest, "The request is not valid", "See 'errors' for each field at fault; nothing was changed.", v.ToDictionary());

    public static ApiReply NotFound(string what) => Of(StatusCodes.Status404NotFound, "Not found", what);

    public static ApiReply Conflict() =>
        Of(StatusCodes.Status409Conflict, "Conflict", "The object kept changing while this request was applied; nothing was changed. Retry.");

    /// <summary>For code that writes outside an endpoint (authentication challenges, the fallback).</summary>
    public static Task WriteAsync(HttpContext http, int status, string title, string detail) =>
        Of(status, title, detail).WriteAsync(http);
}

/// <summary>A JSON response as data, so a reply can be stored for Idempotency-Key replays and written later.</summary>
public sealed record ApiReply(int Status, object? Body, string ContentType = "application/json; charset=utf-8", string? Location = null)
{
    public byte[] Bytes() => Body is null ? [] : JsonSerializer.SerializeToUtf8Bytes(Body, ApiJson.Options);

    public Task WriteAsync(HttpContext http) => Write(http, Status, ContentType, Bytes(), Location);

    public static async Task Write(HttpContext http, int status, string contentType, byte[] body, string? location)
    {
        http.Response.StatusCode = status;
        http.Response.Headers.CacheControl = "no-store";
        if (location is not null)
        {
            http.Response.Headers.Location = location;
        }

        if (body.Length > 0)
        {
            http.Response.ContentType = contentType;
            http.Response.ContentLength = body.Length;
            await http.Response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
        }
    }
}

public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = false,
    };
}
