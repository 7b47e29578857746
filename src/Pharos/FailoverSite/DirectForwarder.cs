using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using System.Runtime.CompilerServices;

namespace Pharos.FailoverSite;

/// <summary>
/// Forwards a request without a body to an http:// primary over kept-alive HTTP/1.1 connections, writing the request
/// head as bytes and reading the response head straight into the customer's response: what a page view costs through
/// the soft-failover proxy, without HttpClient's and YARP's message objects (measured in bench/soft-failover).
/// Requests with a body, upgrades and https:// primaries go through YARP instead (<see cref="CanForward"/>).
/// </summary>
internal sealed class DirectForwarder(UpstreamPool pool, string pathPrefix, string upstreamAuthority) : IDisposable
{
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    /// <summary>What became of a request.</summary>
    public enum Outcome
    {
        /// <summary>The primary's response was passed on whole.</summary>
        Forwarded,

        /// <summary>Nothing reached the customer; the primary could not be reached or gave no usable response head.</summary>
        Failed,

        /// <summary>The response had started when the primary failed; the customer's connection was aborted.</summary>
        Aborted,

        /// <summary>The customer went away before the response's end; the primary's connection was closed.</summary>
        ClientGone,
    }

    /// <summary>A request this forwarder takes: no body (nothing to replay on a retry), no upgrade, not CONNECT.</summary>
    public static bool CanForward(HttpContext http) =>
        http.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false }
        && !HttpMethods.IsConnect(http.Request.Method)
        && http.Request.Headers.Upgrade.Count == 0;

    /// <summary>Forwards the request; with <see cref="Outcome.Failed"/> and <see cref="Outcome.Aborted"/> comes the cause, for the log.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<(Outcome Outcome, Exception? Error)> ForwardAsync(HttpContext http)
    {
        var (head, length) = RequestHead.Write(http, pathPrefix, upstreamAuthority);
        try
        {
            // A connection kept from before may have been closed by the primary meanwhile: when it fails before any
            // byte of the response, the request (without a body, so safe to send again) goes once more on a new one.
            for (var attempt = 0; ; attempt++)
            {
                UpstreamConnection connection;
                if (!pool.TryRent(out connection))
                {
                    try
                    {
                        connection = await pool.ConnectAsync().ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        return (Outcome.Failed, e);
                    }
                }

                var (outcome, error, retry) = await ExchangeAsync(http, connection, head.AsMemory(0, length)).ConfigureAwait(false);
                if (retry && attempt == 0)
                {
                    continue;
                }

                return (outcome, error);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(Outcome Outcome, Exception? Error, bool Retry)> ExchangeAsync(HttpContext http, UpstreamConnection connection, ReadOnlyMemory<byte> head)
    {
        var response = http.Response;
        var received = false;
        try
        {
            await connection.SendAsync(head).ConfigureAwait(false);
            ResponseHead.Parsed parsed;
            do
            {
                var end = await ReadHeadAsync(connection).ConfigureAwait(false);
                received = true;
                parsed = ResponseHead.Parse(connection.Buffer.AsSpan(connection.Start, end - connection.Start), response, HttpMethods.IsHead(http.Request.Method));
                connection.Start = end + 4;
            }
            while (parsed.Status < 200);

            var copied = parsed.Framing switch
            {
                BodyFraming.None => BodyCopy.Complete,
                BodyFraming.Length => await ResponseBody.CopyLengthAsync(connection, response.BodyWriter, parsed.Length).ConfigureAwait(false),
                BodyFraming.Chunked => await ResponseBody.CopyChunkedAsync(connection, response.BodyWriter).ConfigureAwait(false),
                _ => await ResponseBody.CopyUntilCloseAsync(connection, response.BodyWriter).ConfigureAwait(false),
            };
            if (copied == BodyCopy.ClientGone)
            {
                pool.Close(connection);
                return (Outcome.ClientGone, null, false);
            }

            if (copied == BodyCopy.UpstreamEnded)
            {
                pool.Close(connection);
                http.Abort();
                return (Outcome.Aborted, new UpstreamProtocolException("the connection closed before the body's end"), false);
            }

            // Bytes after the response's end were never asked for: the connection's state is unknown, so it is closed.
            if (parsed.KeepAlive && parsed.Framing != BodyFraming.UntilClose && connection.Unread == 0)
            {
                pool.Return(connection);
            }
            else
            {
                pool.Close(connection);
            }

            return (Outcome.Forwarded, null, false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Sent again only when a kept connection failed before the first byte of an answer (RFC 9112 section 9.3.1).
            var retry = connection.Reused && !received && connection.Unread == 0 && e is not (TimeoutException or UpstreamProtocolException);
            pool.Close(connection);
            if (!response.HasStarted)
            {
                response.Clear();
                return (Outcome.Failed, e, retry);
            }

            http.Abort();
            return (Outcome.Aborted, e, false);
        }
    }

    /// <summary>Receives until the buffer holds a whole response head; returns where its closing empty line starts.</summary>
    private async ValueTask<int> ReadHeadAsync(UpstreamConnection connection)
    {
        var end = await connection.ReceiveUntilAsync(HeadEnd).ConfigureAwait(false);
        return end >= 0 ? end : throw new UpstreamClosedException();
    }

    public void Dispose() => pool.Dispose();
}

/// <summary>The primary closed the connection where a response head was expected.</summary>
internal sealed class UpstreamClosedException() : Exception("the primary closed the connection without a response");
