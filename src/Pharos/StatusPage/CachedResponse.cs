using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Pharos.StatusPage;

/// <summary>A response rendered once and served many times: bytes, a gzip copy and a strong ETag.</summary>
public sealed class CachedResponse
{
    public CachedResponse(byte[] body, string contentType, int statusCode = 200, string? cacheControl = null)
    {
        Body = body;
        ContentType = contentType;
        StatusCode = statusCode;
        CacheControl = cacheControl ?? "public, max-age=0, must-revalidate";
        ETag = "\"" + Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 12)) + "\"";
        // Pre-compressed so that serving a compressed page costs nothing per request.
        if (body.Length > 512)
        {
            using var ms = new MemoryStream();
            using (var gz = new GZipStream(ms, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                gz.Write(body);
            }

            Gzip = ms.ToArray();
        }
    }

    public static CachedResponse Text(string text, string contentType, int statusCode = 200, string? cacheControl = null) =>
        new(Encoding.UTF8.GetBytes(text), contentType, statusCode, cacheControl);

    public byte[] Body { get; }

    public byte[]? Gzip { get; }

    public string ContentType { get; }

    public int StatusCode { get; }

    public string CacheControl { get; }

    public string ETag { get; }
}
