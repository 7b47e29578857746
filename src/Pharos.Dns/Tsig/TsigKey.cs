using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Pharos.Dns.Tsig;

/// <summary>A shared TSIG secret (RFC 8945 §6) with its name and HMAC algorithm.</summary>
public sealed partial class TsigKey
{
    /// <summary>hmac-sha256, the recommended algorithm.</summary>
    public static readonly DnsName HmacSha256 = DnsName.Parse("hmac-sha256.");

    /// <summary>hmac-sha512.</summary>
    public static readonly DnsName HmacSha512 = DnsName.Parse("hmac-sha512.");

    /// <summary>hmac-sha1 (kept for older peers).</summary>
    public static readonly DnsName HmacSha1 = DnsName.Parse("hmac-sha1.");

    /// <summary>The key's name, which peers look it up by.</summary>
    public required DnsName Name { get; init; }

    /// <summary>The algorithm name: one of <see cref="HmacSha256"/>, <see cref="HmacSha512"/>, <see cref="HmacSha1"/>.</summary>
    public DnsName Algorithm { get; init; } = HmacSha256;

    /// <summary>The secret bytes.</summary>
    public required ReadOnlyMemory<byte> Secret { get; init; }

    internal int MacLength => Algorithm == HmacSha512 ? 64 : Algorithm == HmacSha1 ? 20 : 32;

    internal static bool IsSupported(DnsName algorithm) => algorithm == HmacSha256 || algorithm == HmacSha512 || algorithm == HmacSha1;

    internal byte[] ComputeMac(ReadOnlySpan<byte> data)
    {
        if (Algorithm == HmacSha256)
        {
            return HMACSHA256.HashData(Secret.Span, data);
        }

        if (Algorithm == HmacSha512)
        {
            return HMACSHA512.HashData(Secret.Span, data);
        }
#pragma warning disable CA5350 // hmac-sha1 is still a TSIG algorithm peers use (RFC 8945 §6)
        if (Algorithm == HmacSha1)
        {
            return HMACSHA1.HashData(Secret.Span, data);
        }
#pragma warning restore CA5350
        throw new NotSupportedException($"TSIG algorithm {Algorithm} is not supported");
    }

    /// <summary>
    /// Reads every key from BIND's key-file syntax:
    /// <c>key "name" { algorithm hmac-sha256; secret "base64"; };</c> (what <c>tsig-keygen</c> writes).
    /// </summary>
    /// <exception cref="FormatException">The text holds no well-formed key, or an unknown algorithm.</exception>
    public static IReadOnlyList<TsigKey> ParseBindKeyFile(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = CommentPattern().Replace(text, "");
        var keys = new List<TsigKey>();
        foreach (Match m in KeyPattern().Matches(text))
        {
            string body = m.Groups["body"].Value;
            var algorithm = AlgorithmPattern().Match(body);
            var secret = SecretPattern().Match(body);
            if (!algorithm.Success || !secret.Success)
            {
                throw new FormatException($"key \"{m.Groups["name"].Value}\" lacks an algorithm or a secret");
            }

            var algorithmName = DnsName.Parse(algorithm.Groups[1].Value.ToLowerInvariant().TrimEnd('.') + ".");
            if (!IsSupported(algorithmName))
            {
                throw new FormatException($"unsupported TSIG algorithm {algorithmName}");
            }

            keys.Add(new TsigKey
            {
                Name = DnsName.Parse(m.Groups["name"].Value),
                Algorithm = algorithmName,
                Secret = Convert.FromBase64String(secret.Groups[1].Value),
            });
        }
        if (keys.Count == 0)
        {
            throw new FormatException("no key { ... }; block found");
        }

        return keys;
    }

    [GeneratedRegex(@"(//|#)[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex CommentPattern();

    [GeneratedRegex(@"key\s+""?(?<name>[^""\s{]+)""?\s*\{(?<body>.*?)\}\s*;", RegexOptions.Singleline)]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"algorithm\s+""?([A-Za-z0-9.-]+)""?\s*;")]
    private static partial Regex AlgorithmPattern();

    [GeneratedRegex(@"secret\s+""([A-Za-z0-9+/=\s]+)""\s*;")]
    private static partial Regex SecretPattern();
}
