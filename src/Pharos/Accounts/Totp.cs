using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Pharos.Accounts;

/// <summary>
/// RFC 6238 time-based one-time passwords: HMAC-SHA1 (RFC 4226 section 5.3 truncation), 30-second steps, 6 digits,
/// the defaults every authenticator app uses. Written here because no OTP package is available.
/// </summary>
public static class Totp
{
    public const int StepSeconds = 30;
    public const int Digits = 6;

    /// <summary>A fresh 160-bit secret, the size RFC 4226 recommends for SHA-1.</summary>
    public static string NewSecret() => Base32.Encode(RandomNumberGenerator.GetBytes(20));

    public static long StepAt(DateTimeOffset t) => t.ToUnixTimeSeconds() / StepSeconds;

    public static string Code(byte[] key, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // RFC 6238 and every authenticator app use HMAC-SHA1; its known weaknesses do not apply to HMAC.
        HMACSHA1.HashData(key, counter, hash);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The step whose code matches, looking one step either side of now for clock drift (RFC 6238 section 5.2),
    /// and only at steps after <paramref name="lastUsedStep"/>, so a code that was accepted once is refused after.
    /// </summary>
    public static long? Verify(string secret, string? code, DateTimeOffset now, long lastUsedStep)
    {
        var digits = new string((code ?? "").Where(char.IsAsciiDigit).ToArray());
        if (digits.Length != Digits)
        {
            return null;
        }

        var key = Base32.Decode(secret);
        var current = StepAt(now);
        for (var step = current - 1; step <= current + 1; step++)
        {
            if (step > lastUsedStep && CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(Code(key, step)), System.Text.Encoding.ASCII.GetBytes(digits)))
            {
                return step;
            }
        }

        return null;
    }

    /// <summary>The otpauth:// URI that authenticator apps read from the QR code.</summary>
    public static string EnrolmentUri(string issuer, string account, string secret) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}?secret={secret}&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits={Digits}&period={StepSeconds}";
}
