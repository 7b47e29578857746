using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Pharos.Http;

namespace Pharos.StatusPage;

/// <summary>A response rendered once and served many times: bytes, gzip and brotli copies and a strong ETag.</summary>
public sealed class CachedResponse
{
    /// <summary>Below this size a compressed copy saves less than its headers cost.</summary>
    private const int CompressAbove = 512;

    private readonly Lazy<byte[]?> _gzip;
    private readonly Lazy<byte[]?> _brotli;

    public CachedResponse(byte[] body, string contentType, int statusCode = 200, string? cacheControl = null)
    {
        Body = body;
        ContentType = contentType;
        StatusCode = statusCode;
        CacheControl = cacheControl ?? "public, max-age=0, must-revalidate";
        ETag = "\"" + Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 12)) + "\"";
        // Compressed once per snapshot, on first demand, so no request compresses anything and a page nobody asks
        // for in a coding costs nothing; Lazy makes concurrent first requests wait for one compression.
        _gzip = new Lazy<byte[]?>(() => body.Length > CompressAbove ? GzipOf(body) : null);
        _brotli = new Lazy<byte[]?>(() => body.Length > CompressAbove ? BrotliOf(body) : null);
    }

    public static CachedResponse Text(string text, string contentType, int statusCode = 200, string? cacheControl = null) =>
        new(Encoding.UTF8.GetBytes(text), contentType, statusCode, cacheControl);

    public byte[] Body { get; }

    /// <summary>The gzip copy, or null when the body is too small to be worth compressing.</summary>
    public byte[]? Gzip => _gzip.Value;

    /// <summary>The brotli copy, or null when the body is too small to be worth compressing.</summary>
    public byte[]? Brotli => _brotli.Value;

    public string ContentType { get; }

    public int StatusCode { get; }

    public string CacheControl { get; }

    public string ETag { get; }

    /// <summary>The bytes for a request's Accept-Encoding and their Content-Encoding (null for none); brotli first, being smaller.</summary>
    public (byte[] Body, string? Encoding) For(string? acceptEncoding)
    {
        if (Body.Length <= CompressAbove || string.IsNullOrEmpty(acceptEncoding))
        {
            return (Body, null);
        }

        if (ContentCoding.Accepts(acceptEncoding, "br") && Brotli is { } br)
        {
            return (br, "br");
        }

        return ContentCoding.Accepts(acceptEncoding, "gzip") && Gzip is { } gz ? (gz, "gzip") : (Body, null);
    }

    public static byte[] GzipOf(byte[] input) => Compress(input, s => new GZipStream(s, CompressionLevel.SmallestSize, leaveOpen: true));

    public static byte[] BrotliOf(byte[] input) => Compress(input, s => new BrotliStream(s, CompressionLevel.SmallestSize, leaveOpen: true));

    private static byte[] Compress(byte[] input, Func<Stream, Stream> wrap)
    {
        using var ms = new MemoryStream();
        using (var z = wrap(ms))
        {
            z.Write(input);
        }

        return ms.ToArray();
    }
}
