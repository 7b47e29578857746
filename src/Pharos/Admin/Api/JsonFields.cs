using Pharos.Http;
using System.Globalization;
using System.Text.Json;

namespace Pharos.Admin.Api;

/// <summary>
/// Reads a JSON request body field by field, recording a problem under the field's name for each wrong type, so
/// the client is told exactly which field is at fault rather than that "the body" is.
/// </summary>
public sealed class JsonFields
{
    private readonly JsonElement _root;
    private readonly Validation _v;

    private JsonFields(JsonElement root, Validation v)
    {
        _root = root;
        _v = v;
    }

    /// <summary>Parses the body as a JSON object with only the known fields; null (with the problem recorded) otherwise.</summary>
    public static JsonFields? Parse(byte[] body, Validation v, params string[] known)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            v.Add("body", $"The body is not valid JSON: {e.Message}");
            return null;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            v.Add("body", "The body must be a JSON object.");
            return null;
        }

        foreach (var p in root.EnumerateObject().Where(p => !known.Contains(p.Name, StringComparer.Ordinal)))
        {
            v.Add(p.Name, $"Unknown field '{p.Name}' (expected one of: {string.Join(", ", known)}).");
        }

        return new JsonFields(root, v);
    }

    public string? String(string name)
    {
        if (!_root.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.String)
        {
            _v.Add(name, $"'{name}' must be a string.");
            return null;
        }

        return e.GetString();
    }

    public bool? Bool(string name)
    {
        if (!_root.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (e.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return e.GetBoolean();
        }

        _v.Add(name, $"'{name}' must be true or false.");
        return null;
    }

    /// <summary>An ISO 8601 time with an offset or Z, such as 2026-03-08T09:30:00Z.</summary>
    public DateTimeOffset? Time(string name)
    {
        var s = String(name);
        if (s is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) && HasOffset(s))
        {
            return t;
        }

        _v.Add(name, $"'{name}' must be an ISO 8601 time with an offset, such as 2026-03-08T09:30:00Z.");
        return null;
    }

    /// <summary>An object of string values: {"app": "major_outage"}.</summary>
    public Dictionary<string, string> StringMap(string name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!_root.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        if (e.ValueKind != JsonValueKind.Object)
        {
            _v.Add(name, $"'{name}' must be an object such as {{\"app\": \"major_outage\"}}.");
            return result;
        }

        foreach (var p in e.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.String)
            {
                result[p.Name] = p.Value.GetString()!;
            }
            else
            {
                _v.Add($"{name}.{p.Name}", $"'{name}.{p.Name}' must be a string.");
            }
        }

        return result;
    }

    public List<string>? StringList(string name)
    {
        if (!_root.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.Array || e.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
        {
            _v.Add(name, $"'{name}' must be a list of strings.");
            return null;
        }

        return e.EnumerateArray().Select(x => x.GetString()!).ToList();
    }

    private static bool HasOffset(string s) =>
        s.EndsWith('Z') || s.EndsWith('z') || (s.Length > 6 && s[^6] is '+' or '-' && s[^3] == ':');
}
