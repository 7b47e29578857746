namespace Pharos.Http;

/// <summary>Reads Accept-Encoding (RFC 9110 section 12.5.3) for the pre-compressed bodies Pharos serves.</summary>
public static class ContentCoding
{
    /// <summary>Whether the header allows the coding; "gzip;q=0" refuses it, "*" allows any.</summary>
    public static bool Accepts(string? header, string coding)
    {
        if (string.IsNullOrEmpty(header))
        {
            return false;
        }

        foreach (var part in header.Split(','))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            if (!pieces[0].Equals(coding, StringComparison.OrdinalIgnoreCase) && pieces[0] != "*")
            {
                continue;
            }

            var q = pieces.Skip(1).FirstOrDefault(p => p.StartsWith("q=", StringComparison.OrdinalIgnoreCase));
            return q is null || !double.TryParse(q[2..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var weight) || weight > 0;
        }

        return false;
    }
}
