using Pharos.Http;
using System.Collections.Concurrent;
using Microsoft.Extensions.Primitives;

namespace Pharos.FailoverSite;

/// <summary>
/// Answers every request on the failover site: health, admin redirects, include files, then a 503 as
/// problem+json for programs or as the maintenance page for people. No routing table: this path takes the whole
/// production traffic, so it does the least work it can.
/// </summary>
public sealed class SiteRequestHandler(SiteContent content, FailoverSiteConfig config, TimeProvider time)
{
    public const string HealthPath = "/__pharos/health";

    private readonly string _retryAfter = config.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    private readonly HashSet<string> _adminHosts = config.AdminHostnames.ToHashSet(StringComparer.OrdinalIgnoreCase);
    // Arrays, not the config's lists: a foreach over an IReadOnlyList allocates an enumerator on every request.
    private readonly string[] _adminPaths = [.. config.AdminPaths];
    private readonly string[] _apiPaths = [.. config.ApiPaths];
    private readonly ConcurrentDictionary<string, string?> _encodingByHeader = new(StringComparer.Ordinal);

    public Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        var path = request.Path.Value ?? "/";
        if (path == HealthPath)
        {
            return Health(http);
        }

        // Host.Host cuts the port off (a new string): only looked at when there are admin hosts to match.
        if ((_adminHosts.Count > 0 && _adminHosts.Contains(request.Host.Host)) || StartsWithAny(path, _adminPaths))
        {
            http.Response.StatusCode = StatusCodes.Status302Found;
            http.Response.Headers.Location = (config.StatusUrl ?? (content.Snapshot?.StatusUrl is { } s ? new Uri(s) : new Uri("/", UriKind.Relative))).ToString();
            http.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }

        if (content.Includes.Count > 0 && content.Includes.TryGetValue(path, out var include))
        {
            // Fallback copies change rarely; caches may keep them a little while, revalidating by ETag.
            return Write(http, include, StatusCodes.Status200OK, "public, max-age=300", retryAfter: null);
        }

        var status = StatusCodes.Status503ServiceUnavailable;
        if (WantsJson(request, path))
        {
            return Write(http, content.Problem, status, "no-store", _retryAfter);
        }

        http.Response.Headers.ContentSecurityPolicy = MaintenancePageHtml.Csp;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Write(http, content.PageFor(request.Headers.AcceptLanguage), status, "no-store", _retryAfter, varyLanguage: true);
    }

    private bool WantsJson(HttpRequest request, string path)
    {
        if (StartsWithAny(path, _apiPaths))
        {
            return true;
        }

        var accept = request.Headers.Accept.ToString();
        return accept.Contains("json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase);
    }

    private Task Write(HttpContext http, PrecompressedBody body, int status, string cacheControl, string? retryAfter, bool varyLanguage = false)
    {
        var response = http.Response;
        var headers = response.Headers;
        headers.ETag = body.ETag;
        headers.CacheControl = cacheControl;
        headers.Vary = varyLanguage ? "Accept-Encoding, Accept-Language" : "Accept-Encoding";
        if (retryAfter is not null)
        {
            headers.RetryAfter = retryAfter;
        }

        if (status == StatusCodes.Status200OK && http.Request.Headers.IfNoneMatch == body.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = status;
        response.ContentType = body.ContentType;
        var (bytes, encoding) = body.ForCoding(ChooseEncoding(http.Request.Headers.AcceptEncoding));
        if (encoding is not null)
        {
            headers.ContentEncoding = encoding;
        }

        response.ContentLength = bytes.Length;
        if (HttpMethods.IsHead(http.Request.Method))
        {
            return Task.CompletedTask;
        }

        // Straight into Kestrel's pipe: no Stream adapter, and no state machine when the write completes at once (it does
        // for a page this size).
        var write = response.BodyWriter.WriteAsync(bytes, http.RequestAborted);
        return write.IsCompletedSuccessfully ? Task.CompletedTask : write.AsTask();
    }

    /// <summary>The Accept-Encoding value reduced to what we serve, remembered per distinct header (a bounded few).</summary>
    private string? ChooseEncoding(StringValues header)
    {
        if (StringValues.IsNullOrEmpty(header))
        {
            return null;
        }

        var text = header.ToString();
        if (_encodingByHeader.TryGetValue(text, out var chosen))
        {
            return chosen;
        }

        chosen = ContentCoding.Accepts(text, "br") ? "br" : ContentCoding.Accepts(text, "gzip") ? "gzip" : null;
        if (_encodingByHeader.Count < 256)
        {
            _encodingByHeader[text] = chosen;
        }

        return chosen;
    }

    private Task Health(HttpContext http)
    {
        var snapshot = content.Snapshot;
        var age = snapshot is null ? (double?)null : Math.Round((time.GetUtcNow() - snapshot.GeneratedAt).TotalSeconds);
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-store";
        return http.Response.WriteAsync(
            System.Text.Json.JsonSerializer.Serialize(new { status = "ok", snapshot = snapshot is not null, snapshot_age_seconds = age }),
            http.RequestAborted);
    }

    private static bool StartsWithAny(string path, string[] prefixes)
    {
        foreach (var p in prefixes)
        {
            if (path.StartsWith(p, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
