using System.Buffers.Text;
using System.Security.Cryptography;

namespace Pharos.Monitoring.Checks;

/// <summary>
/// The secret in a heartbeat's URL. Anyone holding it can report that the job ran (or failed), so it must be as hard
/// to guess as a 128-bit random number: <see cref="Generate"/> makes one (what `pharos heartbeat token` prints), and
/// <see cref="Weakness"/> refuses, at config load, a token that is too short for its alphabet or visibly patterned.
/// </summary>
public static class HeartbeatToken
{
    public const int RequiredBits = 128;

    /// <summary>Runs this long of one repeated or counting character ("aaaaaa", "123456") are refused.</summary>
    private const int LongestRun = 6;

    /// <summary>A fresh token: 16 random bytes, base64url (22 characters of letters, digits, '-' and '_').</summary>
    public static string Generate()
    {
        while (true)
        {
            var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RequiredBits / 8));
            // A random draw can miss whole character classes (no capital letter, say), which the estimate below
            // counts against it; drawing again keeps every generated token acceptable to the config check.
            if (Weakness(token) is null)
            {
                return token;
            }
        }
    }

    /// <summary>Why the token is not strong enough, in words; null when it is.</summary>
    /// <remarks>
    /// The strength is estimated as length × log2(alphabet), the alphabet told from the characters used: digits
    /// only 10; hex digits 16; one case of letters 26, with digits 36, with '-' or '_' 2 more; both cases (the
    /// base64url family) 64. So 22 base64url characters, 25 of [a-z0-9] or 32 hex digits pass, and 16 do not.
    /// Patterns that such an estimate misses are refused too: few distinct characters ("abababab…") and long runs
    /// of a repeated or counting character ("000000", "abcdef"). Random tokens fail these rarely (about 1 in 20,000
    /// 32-digit hex tokens holds such a run; generate again). Words ("billing-job-token-2026") cannot be told from
    /// random text this way; generate tokens instead.
    /// </remarks>
    public static string? Weakness(string token)
    {
        if (token.Length == 0 || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return "may hold only letters, digits, '-' and '_' (it is part of a URL)";
        }

        var alphabet = AlphabetSize(token);
        var bits = token.Length * Math.Log2(alphabet);
        if (bits < RequiredBits)
        {
            return $"is too short: {token.Length} characters from an alphabet of {alphabet} carry about {Math.Floor(bits)} bits, and {RequiredBits} are needed " +
                "(22 random letters, digits, '-' and '_', or 32 random hex digits)";
        }

        var distinct = token.Distinct().Count();
        if (distinct * 2 < Math.Min(token.Length, alphabet))
        {
            return $"repeats too few characters ({distinct} different in {token.Length}) to be random";
        }

        if (HasRun(token))
        {
            return $"holds a run of {LongestRun} repeated or counting characters (like 000000 or abcdef), which random tokens do not";
        }

        return null;
    }

    private static int AlphabetSize(string token)
    {
        bool lower = token.Any(char.IsAsciiLetterLower), upper = token.Any(char.IsAsciiLetterUpper);
        bool digits = token.Any(char.IsAsciiDigit), symbols = token.Any(c => c is '-' or '_');
        if (lower && upper)
        {
            // Both cases: taken as base64url, so that a random token that happens to lack a digit is not refused.
            return 64;
        }

        var letters = !lower && !upper ? 0 : token.Where(char.IsAsciiLetter).All(char.IsAsciiHexDigit) ? 6 : 26;
        return Math.Max(1, letters + (digits ? 10 : 0) + (symbols ? 2 : 0));
    }

    /// <summary>Whether <see cref="LongestRun"/> characters in a row step by the same -1, 0 or +1.</summary>
    private static bool HasRun(string token)
    {
        var run = 1;
        for (var i = 1; i < token.Length; i++)
        {
            var step = token[i] - token[i - 1];
            var continues = step is >= -1 and <= 1 && (run == 1 || step == token[i - 1] - token[i - 2]);
            run = continues ? run + 1 : (step is >= -1 and <= 1 ? 2 : 1);
            if (run >= LongestRun)
            {
                return true;
            }
        }

        return false;
    }
}
