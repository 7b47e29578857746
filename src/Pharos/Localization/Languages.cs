using System.Collections.Concurrent;
using System.Globalization;

namespace Pharos.Localization;

/// <summary>The languages the public page and the subscriber messages speak, and the choice among them.</summary>
public static class Languages
{
    /// <summary>Every language there are texts for, in the order a switcher lists them.</summary>
    public static readonly IReadOnlyList<string> Supported = ["en", "de", "fr", "es"];

    // Browsers send a handful of distinct headers; the cache is bounded so odd ones cannot grow it without end.
    private static readonly ConcurrentDictionary<(string Header, string Offered, string Fallback), string> Chosen = new();

    public static bool IsSupported(string? code) => code is not null && Supported.Contains(code, StringComparer.Ordinal);

    /// <summary>
    /// The offered language the reader prefers most by Accept-Language (RFC 9110 §12.5.4): q-values honoured, a
    /// region ("de-DE") matching its language, "*" and no match meaning the fallback, q=0 meaning "not this one".
    /// </summary>
    public static string Negotiate(string? acceptLanguage, IReadOnlyList<string> offered, string fallback)
    {
        if (string.IsNullOrWhiteSpace(acceptLanguage) || offered.Count <= 1)
        {
            return fallback;
        }

        var key = (acceptLanguage, string.Join(',', offered), fallback);
        if (Chosen.TryGetValue(key, out var known))
        {
            return known;
        }

        var chosen = Pick(acceptLanguage, offered, fallback);
        if (Chosen.Count < 1024)
        {
            Chosen[key] = chosen;
        }

        return chosen;
    }

    private static string Pick(string header, IReadOnlyList<string> offered, string fallback)
    {
        string? best = null;
        var bestQ = 0.0;
        var refused = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(32))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            var tag = pieces[0].ToLowerInvariant();
            var q = 1.0;
            foreach (var p in pieces.Skip(1))
            {
                if (p.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                    && double.TryParse(p.AsSpan(2), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed))
                {
                    q = Math.Clamp(parsed, 0, 1);
                }
            }

            var primary = tag.Split('-')[0];
            var language = tag == "*" ? fallback : offered.FirstOrDefault(o => o == primary);
            if (language is null)
            {
                continue;
            }

            if (q <= 0)
            {
                refused.Add(language);
                continue;
            }

            // The first of equal weights wins: the reader lists them in the order they prefer.
            if (q > bestQ)
            {
                best = language;
                bestQ = q;
            }
        }

        if (best is not null && !refused.Contains(best))
        {
            return best;
        }

        return refused.Contains(fallback) ? offered.FirstOrDefault(o => !refused.Contains(o)) ?? fallback : fallback;
    }
}
