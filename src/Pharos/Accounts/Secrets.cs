using System.Security.Cryptography;
using System.Text;

namespace Pharos.Accounts;

/// <summary>Random credentials that are stored only as hashes: API tokens and recovery codes.</summary>
public static class Secrets
{
    /// <summary>Every API token starts with this, so secret scanners and people can recognise one.</summary>
    public const string TokenPrefix = "pharos_";

    /// <summary>A new API token: the prefix and 256 random bits in base64url.</summary>
    public static string NewToken() =>
        TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>SHA-256 in hex. Right for high-entropy secrets: nothing to guess, so no slow hash is needed.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Ten recovery codes like "k3m9-x2q7-p4tz" (about 60 bits each).</summary>
    public static IReadOnlyList<string> NewRecoveryCodes(int count = 10)
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        return Enumerable.Range(0, count)
            .Select(_ => RandomNumberGenerator.GetString(alphabet, 12))
            .Select(s => $"{s[..4]}-{s[4..8]}-{s[8..]}")
            .ToList();
    }

    /// <summary>Recovery codes are compared without dashes, spaces or case, as people retype them.</summary>
    public static string NormalizeRecoveryCode(string code) =>
        new string(code.Where(char.IsAsciiLetterOrDigit).ToArray()).ToLowerInvariant();
}
