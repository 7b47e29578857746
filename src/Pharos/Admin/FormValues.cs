namespace Pharos.Admin;

/// <summary>What a form sent, to show it again next to its errors so nothing typed is lost.</summary>
public sealed class FormValues
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static FormValues Empty => new();

    public static FormValues From(IFormCollection form)
    {
        var v = new FormValues();
        foreach (var (k, value) in form)
        {
            v._values[k] = value.ToString();
        }

        return v;
    }

    public string this[string key]
    {
        get => _values.GetValueOrDefault(key, "");
        set => _values[key] = value;
    }

    public bool Has(string key) => _values.ContainsKey(key);

    public bool Checked(string key) => _values.TryGetValue(key, out var v) && v is "on" or "true";

    /// <summary>Fields named prefix + id ("component.app"), by id, leaving out empty choices.</summary>
    public Dictionary<string, string> WithPrefix(string prefix) =>
        _values.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal) && kv.Value.Length > 0)
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
}
