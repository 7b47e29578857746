using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Pharos.FailoverSite;

/// <summary>A body compressed once, ahead of time: under full production traffic no request compresses anything.</summary>
public sealed class PrecompressedBody
{
    public PrecompressedBody(string text, string contentType)
    {
        Identity = Encoding.UTF8.GetBytes(text);
        ContentType = contentType;
        Gzip = Compress(Identity, s => new GZipStream(s, CompressionLevel.SmallestSize, leaveOpen: true));
        Brotli = Compress(Identity, s => new BrotliStream(s, CompressionLevel.SmallestSize, leaveOpen: true));
        ETag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Identity).AsSpan(0, 10)) + "\"";
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

        if (Brotli.Length < Identity.Length && Accepts(acceptEncoding, "br"))
        {
            return (Brotli, "br");
        }

        return Gzip.Length < Identity.Length && Accepts(acceptEncoding, "gzip") ? (Gzip, "gzip") : (Identity, null);
    }

    /// <summary>Whether Accept-Encoding allows the coding; "gzip;q=0" refuses it.</summary>
    public static bool Accepts(string header, string coding)
    {
        foreach (var part in header.Split(','))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            if (!pieces[0].Equals(coding, StringComparison.OrdinalIgnoreCase) && pieces[0] != "*")
            {
                continue;
            }

            var q = pieces.Skip(1).FirstOrDefault(p => p.StartsWith("q=", StringComparison.OrdinalIgnoreCase));
            return q is null || !double.TryParse(q[2..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var weight) || weight > 0;
        }

        return false;
    }

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
