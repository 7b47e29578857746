using System.Globalization;
using System.Text.Json;

namespace Pharos.Monitoring.Checks;

/// <summary>
/// The small JSONPath subset health endpoints need: <c>$</c>, <c>.name</c>, <c>['name']</c> and <c>[index]</c>
/// (as in <c>$.checks[0].status</c>). Parsed once at config load so a typo is a config error, not a failing check.
/// </summary>
public sealed class JsonPath
{
    private readonly IReadOnlyList<object> _segments;

    private JsonPath(string text, IReadOnlyList<object> segments)
    {
        Text = text;
        _segments = segments;
    }

    public string Text { get; }

    public override string ToString() => Text;

    public static bool TryParse(string text, out JsonPath? path, out string error)
    {
        path = null;
        error = "";
        var segments = new List<object>();
        if (!text.StartsWith('$'))
        {
            error = "must start with '$'";
            return false;
        }

        var i = 1;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var start = ++i;
                while (i < text.Length && text[i] is not ('.' or '['))
                {
                    i++;
                }

                if (i == start)
                {
                    error = $"empty name at position {start + 1}";
                    return false;
                }

                segments.Add(text[start..i]);
            }
            else if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0)
                {
                    error = $"'[' at position {i + 1} is not closed";
                    return false;
                }

                var inner = text[(i + 1)..close];
                if (inner.Length >= 2 && inner[0] is '\'' or '"' && inner[^1] == inner[0])
                {
                    segments.Add(inner[1..^1]);
                }
                else if (int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    segments.Add(index);
                }
                else
                {
                    error = $"'[{inner}]' is neither an index nor a quoted name";
                    return false;
                }

                i = close + 1;
            }
            else
            {
                error = $"unexpected '{text[i]}' at position {i + 1}";
                return false;
            }
        }

        path = new JsonPath(text, segments);
        return true;
    }

    /// <summary>The value at the path as text (strings without quotes), or null when the path leads nowhere.</summary>
    public string? Evaluate(JsonElement root)
    {
        var current = root;
        foreach (var s in _segments)
        {
            if (s is string name && current.ValueKind == JsonValueKind.Object && current.TryGetProperty(name, out var child))
            {
                current = child;
            }
            else if (s is int index && current.ValueKind == JsonValueKind.Array && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }

        return current.ValueKind == JsonValueKind.String ? current.GetString() : current.GetRawText();
    }
}
