using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pharos.Notifications.Channels.Web;

/// <summary>
/// A webhook body written in pharos.yaml: JSON text with {{placeholders}}, each replaced by its value escaped as the
/// inside of a JSON string, so a title with quotes or newlines can never break the JSON or add fields to it.
/// </summary>
public sealed partial class WebhookTemplate
{
    /// <summary>The placeholders besides {{data.NAME}}.</summary>
    public static readonly string[] Names = ["title", "text", "url", "kind", "severity", "subject_type", "subject_id", "at", "idempotency_key", "acknowledge_url"];

    private readonly List<(string Literal, string? Name)> _parts;

    private WebhookTemplate(List<(string, string?)> parts) => _parts = parts;

    /// <summary>Parses and checks the template: known placeholders only, and valid JSON once filled with sample values.</summary>
    public static WebhookTemplate? TryParse(string text, out string? error)
    {
        var parts = new List<(string, string?)>();
        var at = 0;
        foreach (Match m in Placeholder().Matches(text))
        {
            var name = m.Groups[1].Value;
            if (!Names.Contains(name, StringComparer.Ordinal) && !name.StartsWith("data.", StringComparison.Ordinal))
            {
                error = $"unknown placeholder {{{{{name}}}}} (known: {string.Join(", ", Names.Select(n => "{{" + n + "}}"))}, {{{{data.NAME}}}})";
                return null;
            }

            parts.Add((text[at..m.Index], name));
            at = m.Index + m.Length;
        }

        parts.Add((text[at..], null));
        var template = new WebhookTemplate(parts);
        try
        {
            // Sample values with every character that needs escaping: if this parses, any real value does too.
            using var _ = JsonDocument.Parse(template.Render(_ => "sample \"quoted\" \\ line\nnext\t<b>&"));
        }
        catch (JsonException e)
        {
            error = $"the body is not valid JSON once its placeholders are filled ({e.Message}); placeholders belong inside JSON strings, such as \"text\": \"{{{{text}}}}\"";
            return null;
        }

        error = null;
        return template;
    }

    public string Render(OutboundMessage m) => Render(name => Value(m, name));

    private string Render(Func<string, string> value)
    {
        var sb = new StringBuilder();
        foreach (var (literal, name) in _parts)
        {
            sb.Append(literal);
            if (name is not null)
            {
                sb.Append(JsonEncodedText.Encode(value(name), JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value);
            }
        }

        return sb.ToString();
    }

    private static string Value(OutboundMessage m, string name) => name switch
    {
        "title" => MessageText.Title(m),
        "text" => MessageText.Body(m),
        "url" => m.Notice.Url ?? "",
        "kind" => m.Notice.Kind,
        "severity" => m.Notice.Severity.Name(),
        "subject_type" => m.Notice.SubjectType,
        "subject_id" => m.Notice.SubjectId,
        "at" => m.Notice.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        "idempotency_key" => m.IdempotencyKey,
        "acknowledge_url" => m.AcknowledgeUrl?.AbsoluteUri ?? "",
        _ => m.Notice.Data.GetValueOrDefault(name["data.".Length..]) ?? "",
    };

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.\-]+)\s*\}\}")]
    private static partial Regex Placeholder();
}
