using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Pharos.FailoverSite;

/// <summary>How the primary's response body is delimited (RFC 9112 section 6.3).</summary>
internal enum BodyFraming
{
    None,
    Length,
    Chunked,
    UntilClose,
}

/// <summary>
/// Parses the primary's response head (status line and fields) straight into the customer's response: the status,
/// every field but the hop-by-hop ones, and how the body is framed. Strict where a lenient parse could let a
/// response smuggle another one past us: obsolete line folding, conflicting lengths and a length beside chunked
/// are refused.
/// </summary>
internal static class ResponseHead
{
    /// <summary>
    /// Names met in most responses, handed to Kestrel as its own constants: no string made per field, and Kestrel
    /// recognises them by reference.
    /// </summary>
    private static readonly string[] Known =
    [
        HeaderNames.ContentType, HeaderNames.ContentLength, HeaderNames.Date, HeaderNames.Server, HeaderNames.LastModified,
        HeaderNames.ETag, HeaderNames.AcceptRanges, HeaderNames.Connection, HeaderNames.CacheControl, HeaderNames.Vary,
        HeaderNames.SetCookie, HeaderNames.Location, HeaderNames.Expires, HeaderNames.ContentEncoding,
        HeaderNames.TransferEncoding, HeaderNames.KeepAlive, HeaderNames.StrictTransportSecurity, HeaderNames.XContentTypeOptions,
    ];

    /// <summary>What the head said beyond the fields copied.</summary>
    public readonly record struct Parsed(int Status, BodyFraming Framing, long Length, bool KeepAlive);

    /// <summary>
    /// Parses a complete head (ending in an empty line, which <paramref name="head"/> does not include) into the
    /// response; on an exception the caller clears what was set.
    /// </summary>
    public static Parsed Parse(ReadOnlySpan<byte> head, HttpResponse response, bool headRequest)
    {
        var lineEnd = head.IndexOf("\r\n"u8);
        var statusLine = lineEnd < 0 ? head : head[..lineEnd];
        // "HTTP/1.x SSS reason"
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != (byte)' '
            || !int.TryParse(statusLine.Slice(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status < 100)
        {
            throw new UpstreamProtocolException("no HTTP/1.x status line");
        }

        var keepAlive = statusLine[7] == (byte)'1';
        long? length = null;
        var chunked = false;
        var otherCoding = false;
        var final = status >= 200;
        var headers = response.Headers;
        List<string>? nominated = null;
        var fields = lineEnd < 0 ? ReadOnlySpan<byte>.Empty : head[(lineEnd + 2)..];
        while (!fields.IsEmpty)
        {
            var end = fields.IndexOf("\r\n"u8);
            var line = end < 0 ? fields : fields[..end];
            fields = end < 0 ? ReadOnlySpan<byte>.Empty : fields[(end + 2)..];
            if (line.IsEmpty || line[0] is (byte)' ' or (byte)'\t')
            {
                throw new UpstreamProtocolException("obsolete line folding");
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || line[..colon].IndexOfAny((byte)' ', (byte)'\t') >= 0)
            {
                throw new UpstreamProtocolException("a field line without a name");
            }

            var name = Name(line[..colon]);
            var rawValue = line[(colon + 1)..].Trim(" \t"u8);
            if (RequestHead.Is(name, HeaderNames.ContentLength))
            {
                if (!long.TryParse(rawValue, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || (length is { } seen && seen != n))
                {
                    throw new UpstreamProtocolException("an invalid or conflicting Content-Length");
                }

                length = n;
                continue;
            }

            var value = Encoding.Latin1.GetString(rawValue);
            if (RequestHead.Is(name, HeaderNames.TransferEncoding))
            {
                // Chunked must be the last coding; anything else leaves the body running until the connection closes.
                chunked = value.EndsWith("chunked", StringComparison.OrdinalIgnoreCase);
                otherCoding |= !chunked;
            }
            else if (RequestHead.Is(name, HeaderNames.Connection))
            {
                foreach (var token in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (token.Equals("close", StringComparison.OrdinalIgnoreCase))
                    {
                        keepAlive = false;
                    }
                    else if (!token.Equals("keep-alive", StringComparison.OrdinalIgnoreCase))
                    {
                        (nominated ??= []).Add(token);
                    }
                }
            }
            else if (final && !IsHopByHop(name))
            {
                headers.Append(name, value);
            }
        }

        if (!final)
        {
            return new Parsed(status, BodyFraming.None, 0, keepAlive);
        }

        if ((chunked || otherCoding) && length is not null)
        {
            throw new UpstreamProtocolException("both Transfer-Encoding and Content-Length");
        }

        response.StatusCode = status;
        foreach (var name in nominated ?? [])
        {
            headers.Remove(name);
        }

        if (length is { } contentLength && status is not (204 or 304))
        {
            response.ContentLength = contentLength;
        }

        if (headRequest || status is 204 or 304)
        {
            return new Parsed(status, BodyFraming.None, 0, keepAlive);
        }

        if (chunked)
        {
            return new Parsed(status, BodyFraming.Chunked, 0, keepAlive);
        }

        if (length is { } bodyLength && !otherCoding)
        {
            return new Parsed(status, bodyLength == 0 ? BodyFraming.None : BodyFraming.Length, bodyLength, keepAlive);
        }

        return new Parsed(status, BodyFraming.UntilClose, 0, false);
    }

    /// <summary>
    /// Fields for one connection only (RFC 9110 section 7.6.1), and Date, which the customer's server sets itself
    /// (as nginx's proxy_pass hides the primary's).
    /// </summary>
    private static bool IsHopByHop(string name) =>
        RequestHead.Is(name, HeaderNames.Date) || RequestHead.Is(name, HeaderNames.KeepAlive) || RequestHead.Is(name, HeaderNames.ProxyConnection) || RequestHead.Is(name, HeaderNames.TE)
        || RequestHead.Is(name, HeaderNames.Trailer) || RequestHead.Is(name, HeaderNames.Upgrade) || RequestHead.Is(name, HeaderNames.ProxyAuthenticate);

    private static string Name(ReadOnlySpan<byte> bytes)
    {
        foreach (var known in Known)
        {
            if (known.Length == bytes.Length && Ascii.EqualsIgnoreCase(bytes, known))
            {
                return known;
            }
        }

        return Encoding.ASCII.GetString(bytes);
    }
}
