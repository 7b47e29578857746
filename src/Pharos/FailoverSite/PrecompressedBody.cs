using Pharos.Http;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Pharos.FailoverSite;

/// <summary>A body compressed once, ahead of time: under full production traffic no request compresses anything.</summary>
public sealed class PrecompressedBody
{
    public PrecompressedBody(string text, string contentType)
        : this(Encoding.UTF8.GetBytes(text), contentType)
    {
    }

    public PrecompressedBody(byte[] bytes, string contentType)
    {
        Identity = bytes;
        ContentType = contentType;
        Gzip = Compress(bytes, s => new GZipStream(s, CompressionLevel.SmallestSize, leaveOpen: true));
        Brotli = Compress(bytes, s => new BrotliStream(s, CompressionLevel.SmallestSize, leaveOpen: true));
        ETag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 10)) + "\"";
    }

    public byte[] Identity { get; }

    public byte[] Gzip { get; }

    public byte[] Brotli { get; }

    public string ContentType { get; }

    public string ETag { get; }

    /// <summary>The smallest body the client accepts, and its Content-Encoding (null for none).</summary>
    public (byte[] Body, string? Encoding) For(string? acceptEncoding)
    {
        if (string.IsNullOrEmpty(acceptEncoding))
        {
            return (Identity, null);
        }

        if (Brotli.Length < Identity.Length && ContentCoding.Accepts(acceptEncoding, "br"))
        {
            return (Brotli, "br");
        }

        return Gzip.Length < Identity.Length && ContentCoding.Accepts(acceptEncoding, "gzip") ? (Gzip, "gzip") : (Identity, null);
    }

    /// <summary>The body in a coding already chosen from the header ("br", "gzip" or null); identity when that would not be smaller.</summary>
    public (byte[] Body, string? Encoding) ForCoding(string? coding) => coding switch
    {
        "br" when Brotli.Length < Identity.Length => (Brotli, "br"),
        "gzip" when Gzip.Length < Identity.Length => (Gzip, "gzip"),
        _ => (Identity, null),
    };

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
