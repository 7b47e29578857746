using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Pharos.FailoverSite;

/// <summary>
/// The HTTP/1.1 request head sent to the primary for a customer's request: the request line with the upstream's path
/// prefix, the customer's Host, every header but the hop-by-hop ones, and X-Forwarded-For/-Proto/-Host set by us
/// (what the customer sent under those names is dropped, never trusted). Written into a pooled buffer.
/// </summary>
internal static class RequestHead
{
    /// <summary>
    /// Headers that belong to one connection (RFC 9110 section 7.6.1) or that this proxy sets itself; matched by
    /// length first, since this runs for every header of every request.
    /// </summary>
    private static bool IsDropped(string name) => name.Length switch
    {
        2 => Is(name, HeaderNames.TE),
        4 => Is(name, HeaderNames.Host),
        7 => Is(name, HeaderNames.Upgrade) || Is(name, HeaderNames.Trailer),
        10 => Is(name, HeaderNames.Connection) || Is(name, HeaderNames.KeepAlive),
        15 => Is(name, "X-Forwarded-For"),
        16 => Is(name, HeaderNames.ProxyConnection) || Is(name, "X-Forwarded-Host"),
        17 => Is(name, HeaderNames.TransferEncoding) || Is(name, "X-Forwarded-Proto"),
        19 => Is(name, HeaderNames.ProxyAuthorization),
        _ => name.StartsWith(':'),
    };

    /// <summary>A field name matched against a known one: by reference first (Kestrel and we hand out the constants), then ignoring case.</summary>
    internal static bool Is(string name, string known) => ReferenceEquals(name, known) || string.Equals(name, known, StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes the head; the caller returns the array to <see cref="ArrayPool{T}.Shared"/>.</summary>
    public static (byte[] Buffer, int Length) Write(HttpContext http, string pathPrefix, string upstreamAuthority)
    {
        var request = http.Request;
        var writer = new Writer(ArrayPool<byte>.Shared.Rent(2048));
        writer.Ascii(request.Method);
        writer.Ascii(" ");
        writer.Ascii(pathPrefix);
        writer.Ascii(Target(http));
        writer.Ascii(" HTTP/1.1\r\nHost: ");
        var host = request.Host.HasValue ? request.Host.Value : upstreamAuthority;
        writer.Ascii(host);
        writer.Ascii("\r\n");
        var nominated = Nominated(request.Headers.Connection);
        foreach (var header in request.Headers)
        {
            if (IsDropped(header.Key) || (nominated is not null && nominated.Contains(header.Key)))
            {
                continue;
            }

            if (string.Equals(header.Key, HeaderNames.Cookie, StringComparison.OrdinalIgnoreCase) && header.Value.Count > 1)
            {
                // HTTP/2 clients send each cookie as its own field; HTTP/1.1 wants them in one (RFC 9113 section 8.2.3).
                writer.Field(header.Key, string.Join("; ", header.Value.ToArray()));
                continue;
            }

            foreach (var value in header.Value)
            {
                writer.Field(header.Key, value ?? "");
            }
        }

        if (http.Connection.RemoteIpAddress is { } ip)
        {
            writer.Ascii("X-Forwarded-For: ");
            writer.Address(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip);
            writer.Ascii("\r\n");
        }

        writer.Field("X-Forwarded-Proto", request.Scheme);
        if (request.Host.HasValue)
        {
            writer.Field("X-Forwarded-Host", host);
        }

        writer.Ascii("\r\n");
        return (writer.Buffer, writer.Length);
    }

    /// <summary>The request target as the customer sent it when it is in origin form, else rebuilt from the path and query.</summary>
    private static string Target(HttpContext http)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (raw is { Length: > 0 } && raw[0] == '/')
        {
            return raw;
        }

        var request = http.Request;
        return (request.PathBase + request.Path).ToUriComponent() + request.QueryString.ToUriComponent();
    }

    /// <summary>
    /// The fields the Connection header names as this connection's own, read once per request (the usual
    /// "keep-alive" or "close" names none); null when there are none.
    /// </summary>
    private static HashSet<string>? Nominated(Microsoft.Extensions.Primitives.StringValues connection)
    {
        HashSet<string>? names = null;
        foreach (var value in connection)
        {
            foreach (var token in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!token.Equals("keep-alive", StringComparison.OrdinalIgnoreCase) && !token.Equals("close", StringComparison.OrdinalIgnoreCase))
                {
                    (names ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(token);
                }
            }
        }

        return names;
    }

    private struct Writer(byte[] buffer)
    {
        public byte[] Buffer = buffer;
        public int Length;

        public void Field(string name, string value)
        {
            Ascii(name);
            Ascii(": ");
            Ascii(value);
            Ascii("\r\n");
        }

        /// <summary>The address formatted straight into the buffer: no string per request.</summary>
        public void Address(System.Net.IPAddress ip)
        {
            Ensure(64);
            if (ip.TryFormat(Buffer.AsSpan(Length), out int written))
            {
                Length += written;
            }
        }

        private void Ensure(int more)
        {
            if (Length + more > Buffer.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(Buffer.Length * 2, Length + more));
                Buffer.AsSpan(0, Length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(Buffer);
                Buffer = bigger;
            }
        }

        /// <summary>Header text is ASCII (Kestrel refuses anything else in a request head); Latin-1 keeps it byte for byte.</summary>
        public void Ascii(string text)
        {
            Ensure(text.Length);
            Length += Encoding.Latin1.GetBytes(text, Buffer.AsSpan(Length));
        }
    }
}
