namespace Pharos.StatusPage;

/// <summary>Writes a cached response with conditional GET (ETag/304), HEAD and pre-compressed brotli and gzip.</summary>
public static class ResponseWriter
{
    public static async Task WriteAsync(HttpContext http, CachedResponse r, bool corsOpen = false, bool varyLanguage = false)
    {
        var response = http.Response;
        response.StatusCode = r.StatusCode;
        response.Headers.ETag = r.ETag;
        response.Headers.CacheControl = r.CacheControl;
        // A page whose language was negotiated differs by Accept-Language; one whose address names it does not.
        response.Headers.Vary = varyLanguage ? "Accept-Encoding, Accept-Language" : "Accept-Encoding";
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
        var (body, encoding) = r.For(http.Request.Headers.AcceptEncoding.ToString());
        if (encoding is not null)
        {
            response.Headers.ContentEncoding = encoding;
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
}
