using System.Text.Json;
using Pharos.Domain;

namespace Pharos.Storage;

/// <summary>Column-shaped rows for Dapper, and their conversion to the domain; times are Unix ms UTC.</summary>
internal static class Rows
{
    public static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static DateTimeOffset? Time(long? ms) => ms is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(ms.Value);

    public static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    public static long? Ms(DateTimeOffset? t) => t?.ToUnixTimeMilliseconds();

    public static string? ChangesToJson(IReadOnlyList<ComponentChange> changes) =>
        changes.Count == 0 ? null : JsonSerializer.Serialize(changes.Select(c => new[] { c.ComponentId, WireNames.Of(c.OldStatus), WireNames.Of(c.NewStatus) }));

    public static IReadOnlyList<ComponentChange> ChangesFromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        var raw = JsonSerializer.Deserialize<string[][]>(json) ?? [];
        return raw.Select(a => new ComponentChange(a[0], WireNames.ParseComponentStatus(a[1]), WireNames.ParseComponentStatus(a[2]))).ToList();
    }
}

internal sealed class IncidentRow
{
    public string id { get; set; } = "";
    public string name { get; set; } = "";
    public string status { get; set; } = "";
    public string impact { get; set; } = "";
    public long created_at { get; set; }
    public long updated_at { get; set; }
    public long started_at { get; set; }
    public long? monitoring_at { get; set; }
    public long? resolved_at { get; set; }
    public string? postmortem_body { get; set; }
    public long? postmortem_published_at { get; set; }
    public long backfilled { get; set; }
    public long automated { get; set; }
    public long revision { get; set; }
}

internal sealed class MaintenanceRow
{
    public string id { get; set; } = "";
    public string name { get; set; } = "";
    public string status { get; set; } = "";
    public string impact { get; set; } = "";
    public long created_at { get; set; }
    public long updated_at { get; set; }
    public long scheduled_for { get; set; }
    public long scheduled_until { get; set; }
    public long? started_at { get; set; }
    public long? completed_at { get; set; }
    public long auto_start { get; set; }
    public long auto_complete { get; set; }
    public long sequence { get; set; }
    public long cancelled { get; set; }
    public long revision { get; set; }
    public string? failover_policy { get; set; }
}

internal sealed class UpdateRow
{
    public string id { get; set; } = "";
    public string parent_id { get; set; } = "";
    public string status { get; set; } = "";
    public string body { get; set; } = "";
    public long created_at { get; set; }
    public long updated_at { get; set; }
    public long display_at { get; set; }
    public string? component_changes { get; set; }
    public long social { get; set; }
    public long added_later { get; set; }
    public long? edited_at { get; set; }

    public IncidentUpdate ToDomain() => new()
    {
        Id = id,
        ParentId = parent_id,
        Status = WireNames.ParseUpdateStatus(status),
        Body = body,
        CreatedAt = Rows.Time(created_at),
        UpdatedAt = Rows.Time(updated_at),
        DisplayAt = Rows.Time(display_at),
        ComponentChanges = Rows.ChangesFromJson(component_changes),
        Social = social != 0,
        AddedLater = added_later != 0,
        EditedAt = Rows.Time(edited_at),
    };
}

internal sealed class LinkRow
{
    public string parent_id { get; set; } = "";
    public string component_id { get; set; } = "";
    public string? status { get; set; }
}
