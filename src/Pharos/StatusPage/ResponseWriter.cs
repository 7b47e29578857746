using Microsoft.Net.Http.Headers;

namespace Pharos.StatusPage;

/// <summary>Writes a cached response with conditional GET (ETag/304), HEAD and pre-compressed gzip.</summary>
public static class ResponseWriter
{
    public static async Task WriteAsync(HttpContext http, CachedResponse r, bool corsOpen = false)
    {
        var response = http.Response;
        response.StatusCode = r.StatusCode;
        response.Headers.ETag = r.ETag;
        response.Headers.CacheControl = r.CacheControl;
        response.Headers.Vary = "Accept-Encoding";
        if (corsOpen)
        {
            response.Headers.AccessControlAllowOrigin = "*";
        }

        if (r.StatusCode == 200 && IfNoneMatch(http.Request, r.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.ContentType = r.ContentType;
        var body = r.Body;
        if (r.Gzip is not null && AcceptsGzip(http.Request))
        {
            body = r.Gzip;
            response.Headers.ContentEncoding = "gzip";
        }

        response.ContentLength = body.Length;
        if (HttpMethods.IsHead(http.Request.Method))
        {
            return;
        }

        await response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
    }

    private static bool IfNoneMatch(HttpRequest request, string etag)
    {
        foreach (var value in request.Headers.IfNoneMatch)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var part in value.Split(','))
            {
                var tag = part.Trim();
                if (tag == "*" || tag == etag || tag == "W/" + etag)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool AcceptsGzip(HttpRequest request)
    {
        foreach (var value in request.Headers[HeaderNames.AcceptEncoding])
        {
            foreach (var part in (value ?? "").Split(','))
            {
                var pieces = part.Split(';', StringSplitOptions.TrimEntries);
                if (!pieces[0].Equals("gzip", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                // "gzip;q=0" means the client refuses gzip.
                var q = pieces.Skip(1).FirstOrDefault(p => p.StartsWith("q=", StringComparison.OrdinalIgnoreCase));
                return q is null || !double.TryParse(q[2..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var weight) || weight > 0;
            }
        }

        return false;
    }
}
