using System.Globalization;

namespace Pharos.Http;

/// <summary>Reads Accept-Encoding (RFC 9110 section 12.5.3) for the pre-compressed bodies Pharos serves.</summary>
public static class ContentCoding
{
    /// <summary>Whether the header allows the coding; "gzip;q=0" refuses it, "*" allows any.</summary>
    /// <remarks>Runs on every request of the public page, so it reads the header in place without allocating.</remarks>
    public static bool Accepts(string? header, string coding)
    {
        if (string.IsNullOrEmpty(header))
        {
            return false;
        }

        var rest = header.AsSpan();
        while (!rest.IsEmpty)
        {
            var comma = rest.IndexOf(',');
            var part = comma < 0 ? rest : rest[..comma];
            rest = comma < 0 ? [] : rest[(comma + 1)..];
            var semi = part.IndexOf(';');
            var name = (semi < 0 ? part : part[..semi]).Trim();
            if (!name.Equals(coding, StringComparison.OrdinalIgnoreCase) && !name.SequenceEqual("*"))
            {
                continue;
            }

            return semi < 0 || Weight(part[(semi + 1)..]) > 0;
        }

        return false;
    }

    /// <summary>The q= parameter among a coding's parameters; a missing or unreadable one counts as 1.</summary>
    private static double Weight(ReadOnlySpan<char> parameters)
    {
        while (!parameters.IsEmpty)
        {
            var semi = parameters.IndexOf(';');
            var p = (semi < 0 ? parameters : parameters[..semi]).Trim();
            parameters = semi < 0 ? [] : parameters[(semi + 1)..];
            if (p.StartsWith("q=", StringComparison.OrdinalIgnoreCase))
            {
                return double.TryParse(p[2..], NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) ? weight : 1;
            }
        }

        return 1;
    }
}
