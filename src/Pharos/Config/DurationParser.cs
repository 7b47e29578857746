using System.Globalization;

namespace Pharos.Config;

/// <summary>Parses the short duration syntax used throughout pharos.yaml.</summary>
public static class DurationParser
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var unit = text[^1];
        var multiplier = unit switch
        {
            's' => 1.0,
            'm' => 60.0,
            'h' => 3600.0,
            'd' => 86400.0,
            _ => 0,
        };
        var number = multiplier == 0 ? text : text[..^1];
        if (text.EndsWith("ms", StringComparison.Ordinal))
        {
            multiplier = 0.001;
            number = text[..^2];
        }
        else if (multiplier == 0)
        {
            multiplier = 1;
        }

        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < 0 || double.IsInfinity(n))
        {
            return false;
        }

        value = TimeSpan.FromSeconds(n * multiplier);
        return true;
    }

    public static string Format(TimeSpan d) =>
        d.TotalSeconds < 1 ? $"{d.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms"
        : d.TotalSeconds % 86400 == 0 ? $"{d.TotalDays.ToString(CultureInfo.InvariantCulture)}d"
        : d.TotalSeconds % 3600 == 0 ? $"{d.TotalHours.ToString(CultureInfo.InvariantCulture)}h"
        : d.TotalSeconds % 60 == 0 ? $"{d.TotalMinutes.ToString(CultureInfo.InvariantCulture)}m"
        : $"{d.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s";
}
