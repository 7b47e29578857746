using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pharos.Audit;

/// <summary>How objects are written into the audit log's before and after columns.</summary>
public static class AuditJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string? Of<T>(T? value)
        where T : class => value is null ? null : JsonSerializer.Serialize(value, Options);
}
