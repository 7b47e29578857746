using System.Globalization;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Pharos.FailoverSite;

/// <summary>How copying a response body ended.</summary>
internal enum BodyCopy
{
    Complete,

    /// <summary>The primary closed the connection before the body's end.</summary>
    UpstreamEnded,

    /// <summary>The customer went away; nothing more can be written.</summary>
    ClientGone,
}

/// <summary>
/// Copies the primary's response body to the customer as it arrives, by length, by chunks (decoded: the customer's
/// server frames the body again for its own connection) or until the primary closes. Each write waits for the
/// customer's connection to take it, so a customer who reads slowly holds back the primary, never memory.
/// </summary>
internal static class ResponseBody
{
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<BodyCopy> CopyLengthAsync(UpstreamConnection connection, PipeWriter writer, long length)
    {
        var remaining = length;
        while (true)
        {
            var take = (int)Math.Min(connection.Unread, remaining);
            if (take > 0)
            {
                var flushed = await writer.WriteAsync(connection.Buffer.AsMemory(connection.Start, take)).ConfigureAwait(false);
                connection.Start += take;
                remaining -= take;
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    return BodyCopy.ClientGone;
                }
            }

            if (remaining == 0)
            {
                return BodyCopy.Complete;
            }

            if (await connection.ReceiveAsync().ConfigureAwait(false) == 0)
            {
                return BodyCopy.UpstreamEnded;
            }
        }
    }

    public static async ValueTask<BodyCopy> CopyChunkedAsync(UpstreamConnection connection, PipeWriter writer)
    {
        while (true)
        {
            var line = await ReadLineAsync(connection).ConfigureAwait(false);
            if (line < 0)
            {
                return BodyCopy.UpstreamEnded;
            }

            var size = ChunkSize(connection.Buffer.AsSpan(connection.Start, line - connection.Start));
            connection.Start = line + 2;
            if (size == 0)
            {
                // Trailer fields, then the empty line: read and dropped (they describe the primary's framing, not ours).
                while (true)
                {
                    line = await ReadLineAsync(connection).ConfigureAwait(false);
                    if (line < 0)
                    {
                        return BodyCopy.UpstreamEnded;
                    }

                    var empty = line == connection.Start;
                    connection.Start = line + 2;
                    if (empty)
                    {
                        return BodyCopy.Complete;
                    }
                }
            }

            var copied = await CopyLengthAsync(connection, writer, size).ConfigureAwait(false);
            if (copied != BodyCopy.Complete)
            {
                return copied;
            }

            line = await ReadLineAsync(connection).ConfigureAwait(false);
            if (line < 0)
            {
                return BodyCopy.UpstreamEnded;
            }

            if (line != connection.Start)
            {
                throw new UpstreamProtocolException("a chunk longer than its size");
            }

            connection.Start = line + 2;
        }
    }

    public static async ValueTask<BodyCopy> CopyUntilCloseAsync(UpstreamConnection connection, PipeWriter writer)
    {
        while (true)
        {
            if (connection.Unread > 0)
            {
                var flushed = await writer.WriteAsync(connection.Buffer.AsMemory(connection.Start, connection.Unread)).ConfigureAwait(false);
                connection.Start = connection.End;
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    return BodyCopy.ClientGone;
                }
            }

            if (await connection.ReceiveAsync().ConfigureAwait(false) == 0)
            {
                return BodyCopy.Complete;
            }
        }
    }

    /// <summary>Receives until a whole line is buffered; where its CRLF starts, or -1 when the primary closed first.</summary>
    private static ValueTask<int> ReadLineAsync(UpstreamConnection connection) => connection.ReceiveUntilAsync(LineEnd);

    /// <summary>The size of a chunk line: hexadecimal digits, then perhaps extensions after a semicolon (ignored).</summary>
    private static long ChunkSize(ReadOnlySpan<byte> line)
    {
        var semicolon = line.IndexOf((byte)';');
        var digits = (semicolon < 0 ? line : line[..semicolon]).TrimEnd(" \t"u8);
        if (digits.IsEmpty || digits.Length > 15
            || !long.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
        {
            throw new UpstreamProtocolException("an invalid chunk size");
        }

        return size;
    }
}
