using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Pharos.Dns.Records;
using Pharos.Dns.Tsig;

namespace Pharos.Dns.Client;

/// <summary>How a query is sent.</summary>
public sealed class DnsQueryOptions
{
    /// <summary>Time allowed for each attempt.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>UDP attempts before giving up (TCP is tried once).</summary>
    public int Attempts { get; init; } = 2;

    /// <summary>Go straight to TCP.</summary>
    public bool UseTcp { get; init; }

    /// <summary>Set RD (ask a resolver to recurse); authoritative checks leave it off.</summary>
    public bool RecursionDesired { get; init; }

    /// <summary>Advertised EDNS UDP size (RFC 6891); 0 sends no OPT record.</summary>
    public ushort UdpPayloadSize { get; init; } = 1232;

    /// <summary>Sign the query with this key and require a valid signed answer.</summary>
    public TsigKey? TsigKey { get; init; }
}

/// <summary>A response with how it was obtained.</summary>
public sealed class DnsResponse
{
    /// <summary>The parsed response.</summary>
    public required DnsMessage Message { get; init; }

    /// <summary>Size of the response in bytes.</summary>
    public int Size { get; init; }

    /// <summary>Time from sending the last attempt to the answer.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>True when the answer came over TCP (asked for, or after a truncated UDP answer).</summary>
    public bool OverTcp { get; init; }

    /// <summary>The server that answered.</summary>
    public required IPEndPoint Server { get; init; }
}

/// <summary>
/// Sends queries to one chosen server: UDP first, TCP when the answer is truncated (RFC 7766 §5), a timeout per
/// attempt, and optional TSIG. For health checks and for confirming that a change has reached a server.
/// </summary>
public sealed class DnsClient
{
    private readonly TimeProvider _time;

    /// <summary>Creates a client using <paramref name="time"/> for timeouts and TSIG (the system clock by default).</summary>
    public DnsClient(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>Asks <paramref name="server"/> for <paramref name="name"/>/<paramref name="type"/> and returns whatever it answered, any rcode included.</summary>
    /// <exception cref="TimeoutException">No answer within the attempts.</exception>
    /// <exception cref="DnsFormatException">The answer was malformed or did not match the question.</exception>
    /// <exception cref="DnsTsigException">The answer's TSIG did not verify.</exception>
    public async Task<DnsResponse> QueryAsync(DnsName name, DnsType type, IPEndPoint server, DnsQueryOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        options ??= new DnsQueryOptions();
        var query = new DnsMessage
        {
            Id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1),
            RecursionDesired = options.RecursionDesired,
            Questions = [new DnsQuestion(name, type)],
            Edns = options.UdpPayloadSize > 0 ? new EdnsInfo { UdpPayloadSize = options.UdpPayloadSize } : null,
        };
        return await ExchangeAsync(query, server, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a prepared message (a query, an UPDATE, a NOTIFY) and returns the validated answer.</summary>
    internal async Task<DnsResponse> ExchangeAsync(DnsMessage query, IPEndPoint server, DnsQueryOptions options, CancellationToken ct)
    {
        var buffer = new byte[ushort.MaxValue];
        int length = query.WriteTo(buffer);
        byte[] requestMac = [];
        var signer = new TsigSigner(_time);
        if (options.TsigKey is { } key)
        {
            length = signer.Sign(buffer, length, key, [], timersOnly: false, out requestMac);
        }

        var request = buffer.AsMemory(0, length);

        bool overTcp = options.UseTcp;
        for (int attempt = 1; ; attempt++)
        {
            using var timeout = new CancellationTokenSource(options.Timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
            long started = Stopwatch.GetTimestamp();
            byte[] bytes;
            try
            {
                bytes = overTcp
                    ? await DnsTransport.TcpExchangeAsync(request, server, linked.Token).ConfigureAwait(false)
                    : await DnsTransport.UdpExchangeAsync(request, server, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                if (overTcp || attempt >= options.Attempts)
                {
                    throw new TimeoutException($"no answer from {server} within {options.Timeout}");
                }

                continue;
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            var response = DnsMessage.Parse(bytes);
            CheckMatches(query, response);
            if (response.IsTruncated && !overTcp)
            {
                overTcp = true;
                continue;
            }
            if (options.TsigKey is { } k)
            {
                var status = signer.Verify(bytes, response, n => n == k.Name ? k : null, requestMac, timersOnly: false, out _);
                // A server that rejected our key answers unsigned; report its TSIG error rather than "unsigned".
                if (status != TsigStatus.Valid && response.Tsig?.Data is TsigRecordData { Error: not DnsRcode.NoError } t)
                {
                    throw new DnsTsigException(t.Error, $"server rejected the TSIG: {t.Error}");
                }

                if (status != TsigStatus.Valid)
                {
                    throw new DnsTsigException(DnsRcode.BadSig, $"response TSIG check failed: {status}");
                }
            }
            return new DnsResponse { Message = response, Size = bytes.Length, Elapsed = elapsed, OverTcp = overTcp, Server = server };
        }
    }

    private static void CheckMatches(DnsMessage query, DnsMessage response)
    {
        if (!response.IsResponse || response.Id != query.Id)
        {
            throw new DnsFormatException(0, "reply is not a response to our query");
        }

        if (response.Questions.Count > 0 && query.Questions.Count > 0 && response.Questions[0] != query.Questions[0])
        {
            throw new DnsFormatException(DnsMessage.HeaderSize, "reply's question differs from ours");
        }
    }
}

/// <summary>A TSIG failure: ours to verify the answer, or the server's to verify our request.</summary>
public sealed class DnsTsigException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DnsTsigException(DnsRcode error, string message) : base(message) => Error = error;

    /// <summary>Creates the exception.</summary>
    public DnsTsigException() : this(DnsRcode.BadSig, "TSIG failure") { }

    /// <summary>Creates the exception.</summary>
    public DnsTsigException(string message) : this(DnsRcode.BadSig, message) { }

    /// <summary>Creates the exception.</summary>
    public DnsTsigException(string message, Exception innerException) : base(message, innerException) => Error = DnsRcode.BadSig;

    /// <summary>BADSIG, BADKEY or BADTIME.</summary>
    public DnsRcode Error { get; }
}
