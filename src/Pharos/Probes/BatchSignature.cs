using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Pharos.Probes;

/// <summary>
/// Signs a probe's batch: X-Pharos-Signature: sha256=hex(HMAC-SHA256(key, timestamp + "." + body)), with
/// X-Pharos-Timestamp in Unix seconds. The key is derived from the probe's token, which the server sees on every
/// request and checks against its hash first, so the server stores no second secret. The signature binds the body
/// to the time it was sent: a captured request cannot be altered, and is refused once outside the allowed skew.
/// </summary>
public static class BatchSignature
{
    public const string SignatureHeader = "X-Pharos-Signature";
    public const string TimestampHeader = "X-Pharos-Timestamp";

    /// <summary>How far a batch's timestamp may be from the server's clock, either way.</summary>
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    private static readonly byte[] Purpose = "pharos probe batch signing v1"u8.ToArray();

    public static byte[] KeyOf(string token) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(token), Purpose);

    public static string Sign(byte[] key, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, message));
    }

    /// <summary>Constant-time comparison of a presented signature with the one expected.</summary>
    public static bool Verify(byte[] key, long timestamp, ReadOnlySpan<byte> body, string? presented) =>
        presented is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(key, timestamp, body)), Encoding.ASCII.GetBytes(presented.Trim()));
}
