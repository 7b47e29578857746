using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Pharos.Dns.Records;
using Pharos.Dns.Wire;

namespace Pharos.Dns.Tsig;

/// <summary>Outcome of checking a message's TSIG (RFC 8945 §5.2).</summary>
public enum TsigStatus
{
    /// <summary>The message carried no TSIG.</summary>
    Unsigned,
    /// <summary>The MAC verified and the time is within the fudge.</summary>
    Valid,
    /// <summary>The key name or algorithm is unknown (BADKEY).</summary>
    BadKey,
    /// <summary>The MAC did not verify (BADSIG).</summary>
    BadSig,
    /// <summary>The MAC verified but the time is outside the fudge (BADTIME).</summary>
    BadTime,
}

/// <summary>
/// Signs and verifies messages with TSIG (RFC 8945). Works on wire bytes: the MAC covers the message exactly as sent,
/// so signing appends the TSIG record to already-written bytes and verifying reads back from the parsed offset.
/// Time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class TsigSigner
{
    private readonly TimeProvider _time;

    /// <summary>Creates a signer reading time from <paramref name="time"/>.</summary>
    public TsigSigner(TimeProvider time) => _time = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>Allowed clock skew written into signatures, in seconds (RFC 8945 §10 recommends 300).</summary>
    public ushort Fudge { get; init; } = 300;

    /// <summary>
    /// Appends a TSIG record to the message in <paramref name="buffer"/>[..<paramref name="length"/>] and returns the
    /// new length; <paramref name="mac"/> receives the MAC, which a response or the next envelope chains on.
    /// </summary>
    /// <param name="buffer">Holds the message; must have room for the TSIG record.</param>
    /// <param name="length">The message's length.</param>
    /// <param name="key">The signing key.</param>
    /// <param name="mac">Receives the MAC.</param>
    /// <param name="requestMac">The request's MAC when signing a response (RFC 8945 §5.3), else empty.</param>
    /// <param name="timersOnly">True for the second and later envelopes of a multi-message answer (RFC 8945 §5.3.1).</param>
    /// <param name="error">The TSIG error to report, e.g. BADTIME.</param>
    /// <param name="otherData">Other data, e.g. the server time on BADTIME.</param>
    internal int Sign(Span<byte> buffer, int length, TsigKey key, ReadOnlySpan<byte> requestMac, bool timersOnly,
        out byte[] mac, DnsRcode error = DnsRcode.NoError, ReadOnlyMemory<byte> otherData = default)
    {
        ulong now = (ulong)_time.GetUtcNow().ToUnixTimeSeconds();
        var tsig = new TsigRecordData
        {
            Algorithm = key.Algorithm, TimeSigned = now, Fudge = Fudge, OriginalId = BinaryPrimitives.ReadUInt16BigEndian(buffer),
            Error = error, OtherData = otherData,
        };
        mac = key.ComputeMac(DigestInput(buffer[..length], key.Name, tsig, requestMac, timersOnly, out var rented));
        ArrayPool<byte>.Shared.Return(rented);
        var signed = new TsigRecordData
        {
            Algorithm = tsig.Algorithm, TimeSigned = tsig.TimeSigned, Fudge = tsig.Fudge, Mac = mac,
            OriginalId = tsig.OriginalId, Error = tsig.Error, OtherData = tsig.OtherData,
        };
        return AppendTsig(buffer, length, key.Name, signed);
    }

    /// <summary>Appends an unsigned TSIG (empty MAC) carrying an error, as BADKEY and BADSIG replies need (RFC 8945 §5.3.2).</summary>
    internal static int AppendError(Span<byte> buffer, int length, DnsName keyName, DnsName algorithm, DnsRcode error, ulong time, ushort fudge) =>
        AppendTsig(buffer, length, keyName, new TsigRecordData
        {
            Algorithm = algorithm, TimeSigned = time, Fudge = fudge, OriginalId = BinaryPrimitives.ReadUInt16BigEndian(buffer), Error = error,
        });

    private static int AppendTsig(Span<byte> buffer, int length, DnsName keyName, TsigRecordData data)
    {
        var writer = new DnsWriter(buffer) { Position = length };
        writer.WriteName(keyName, compress: false);
        writer.WriteUInt16((ushort)DnsType.TSIG);
        writer.WriteUInt16((ushort)DnsClass.ANY);
        writer.WriteUInt32(0);
        data.Write(ref writer);
        ushort arcount = BinaryPrimitives.ReadUInt16BigEndian(buffer[10..]);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[10..], (ushort)(arcount + 1));
        return writer.Position;
    }

    /// <summary>Checks the TSIG of <paramref name="parsed"/>, which was parsed from <paramref name="bytes"/>.</summary>
    /// <param name="bytes">The received bytes.</param>
    /// <param name="parsed">The message parsed from them.</param>
    /// <param name="findKey">Looks a key up by name; null when unknown.</param>
    /// <param name="requestMac">The MAC of our request when verifying a response, else empty.</param>
    /// <param name="timersOnly">True for later envelopes of a multi-message answer.</param>
    /// <param name="key">The key that verified, when found.</param>
    public TsigStatus Verify(ReadOnlySpan<byte> bytes, DnsMessage parsed, Func<DnsName, TsigKey?> findKey,
        ReadOnlySpan<byte> requestMac, bool timersOnly, out TsigKey? key)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(findKey);
        key = null;
        if (parsed.Tsig is null)
        {
            return TsigStatus.Unsigned;
        }

        var tsig = (TsigRecordData)parsed.Tsig.Data;
        key = findKey(parsed.Tsig.Name);
        if (key is null || key.Algorithm != tsig.Algorithm)
        {
            return TsigStatus.BadKey;
        }
        // RFC 8945 §5.2.2.1: a truncated MAC must keep at least half the hash and at least 10 bytes.
        if (tsig.Mac.Length > key.MacLength || tsig.Mac.Length < Math.Max(10, key.MacLength / 2))
        {
            return TsigStatus.BadSig;
        }

        var unsigned = bytes[..parsed.TsigOffset].ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(unsigned, tsig.OriginalId);
        ushort arcount = BinaryPrimitives.ReadUInt16BigEndian(unsigned.AsSpan(10));
        BinaryPrimitives.WriteUInt16BigEndian(unsigned.AsSpan(10), (ushort)(arcount - 1));
        var expected = key.ComputeMac(DigestInput(unsigned, parsed.Tsig.Name, tsig, requestMac, timersOnly, out var rented));
        ArrayPool<byte>.Shared.Return(rented);
        if (!CryptographicOperations.FixedTimeEquals(expected.AsSpan(0, tsig.Mac.Length), tsig.Mac.Span))
        {
            return TsigStatus.BadSig;
        }

        long now = _time.GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs(now - (long)tsig.TimeSigned) > tsig.Fudge)
        {
            return TsigStatus.BadTime;
        }

        return TsigStatus.Valid;
    }

    // RFC 8945 §4.3: [request MAC] + message + TSIG variables (or only the timers, §4.3.1/§5.3.1).
    private static ReadOnlySpan<byte> DigestInput(ReadOnlySpan<byte> message, DnsName keyName, TsigRecordData tsig,
        ReadOnlySpan<byte> requestMac, bool timersOnly, out byte[] rented)
    {
        rented = ArrayPool<byte>.Shared.Rent(message.Length + requestMac.Length + 1024);
        var writer = new DnsWriter(rented) { Canonical = true };
        if (requestMac.Length > 0)
        {
            writer.WriteUInt16((ushort)requestMac.Length);
            writer.WriteBytes(requestMac);
        }
        writer.WriteBytes(message);
        if (!timersOnly)
        {
            writer.WriteName(keyName);
            writer.WriteUInt16((ushort)DnsClass.ANY);
            writer.WriteUInt32(0);
            writer.WriteName(tsig.Algorithm);
        }
        writer.WriteUInt48(tsig.TimeSigned);
        writer.WriteUInt16(tsig.Fudge);
        if (!timersOnly)
        {
            writer.WriteUInt16((ushort)tsig.Error);
            writer.WriteUInt16((ushort)tsig.OtherData.Length);
            writer.WriteBytes(tsig.OtherData.Span);
        }
        return rented.AsSpan(0, writer.Position);
    }
}
