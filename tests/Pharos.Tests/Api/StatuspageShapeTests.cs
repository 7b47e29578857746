using System.Text.Json;
using Pharos.StatusPage.Api;

namespace Pharos.Tests.Api;

/// <summary>Every field the Statuspage reference lists, with its JSON type, on every object of every document.</summary>
public class StatuspageShapeTests
{
    private static readonly string[] ComponentStatuses = ["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"];
    private static readonly string[] IncidentStatuses = ["investigating", "identified", "monitoring", "resolved", "postmortem"];
    private static readonly string[] MaintenanceStatuses = ["scheduled", "in_progress", "verifying", "completed"];
    private static readonly string[] Impacts = ["none", "minor", "major", "critical", "maintenance"];

    [Theory]
    [MemberData(nameof(StatuspageApiGoldenTests.Documents), MemberType = typeof(StatuspageApiGoldenTests))]
    public void Every_object_has_its_documented_fields(string name)
    {
        var mapper = new StatuspageMapper(StatuspageApiGoldenTests.FixedSnapshot());
        using var doc = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(StatuspageApiGoldenTests.Document(mapper, name), StatuspageMapper.Json));
        CheckDocument(doc.RootElement);
    }

    internal static void CheckDocument(JsonElement root)
    {
        var page = root.GetProperty("page");
        Strings(page, "id", "name", "url", "time_zone", "updated_at");
        if (root.TryGetProperty("status", out var status))
        {
            Strings(status, "indicator", "description");
            status.GetProperty("indicator").GetString().ShouldBeOneOf("none", "minor", "major", "critical", "maintenance");
        }

        if (root.TryGetProperty("components", out var components))
        {
            foreach (var c in components.EnumerateArray())
            {
                CheckComponent(c);
            }
        }

        foreach (var key in new[] { "incidents", "scheduled_maintenances" })
        {
            if (root.TryGetProperty(key, out var list))
            {
                foreach (var i in list.EnumerateArray())
                {
                    CheckIncident(i, key == "scheduled_maintenances");
                }
            }
        }
    }

    private static void CheckComponent(JsonElement c)
    {
        Strings(c, "id", "name", "status", "created_at", "updated_at", "page_id");
        Kind(c, "position", JsonValueKind.Number);
        Nullable(c, "description", JsonValueKind.String);
        Nullable(c, "start_date", JsonValueKind.String);
        Nullable(c, "group_id", JsonValueKind.String);
        Bool(c, "showcase");
        Bool(c, "group");
        Bool(c, "only_show_if_degraded");
        c.GetProperty("status").GetString().ShouldBeOneOf(ComponentStatuses);
        if (c.GetProperty("group").GetBoolean())
        {
            Kind(c, "components", JsonValueKind.Array);
        }
    }

    private static void CheckIncident(JsonElement i, bool maintenance)
    {
        Strings(i, "id", "name", "status", "impact", "created_at", "updated_at", "shortlink", "page_id");
        Nullable(i, "started_at", JsonValueKind.String);
        Nullable(i, "monitoring_at", JsonValueKind.String);
        Nullable(i, "resolved_at", JsonValueKind.String);
        Uri.IsWellFormedUriString(i.GetProperty("shortlink").GetString(), UriKind.Absolute).ShouldBeTrue();
        i.GetProperty("impact").GetString().ShouldBeOneOf(Impacts);
        i.GetProperty("status").GetString().ShouldBeOneOf(maintenance ? MaintenanceStatuses : IncidentStatuses);
        if (maintenance)
        {
            Strings(i, "scheduled_for", "scheduled_until");
        }

        var updates = i.GetProperty("incident_updates");
        updates.GetArrayLength().ShouldBeGreaterThan(0, "every incident has at least one update");
        foreach (var u in updates.EnumerateArray())
        {
            Strings(u, "id", "status", "body", "incident_id", "created_at", "updated_at", "display_at");
            Bool(u, "deliver_notifications");
            Nullable(u, "custom_tweet", JsonValueKind.String);
            Nullable(u, "tweet_id", JsonValueKind.String);
            Nullable(u, "affected_components", JsonValueKind.Array);
            u.GetProperty("incident_id").GetString().ShouldBe(i.GetProperty("id").GetString());
            if (u.GetProperty("affected_components").ValueKind == JsonValueKind.Array)
            {
                foreach (var a in u.GetProperty("affected_components").EnumerateArray())
                {
                    Strings(a, "code", "name", "old_status", "new_status");
                }
            }
        }

        foreach (var c in i.GetProperty("components").EnumerateArray())
        {
            CheckComponent(c);
        }
    }

    private static void Strings(JsonElement e, params string[] names)
    {
        foreach (var n in names)
        {
            Kind(e, n, JsonValueKind.String);
        }
    }

    private static void Bool(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind.ShouldBeOneOf(JsonValueKind.True, JsonValueKind.False);

    private static void Kind(JsonElement e, string name, JsonValueKind kind)
    {
        e.TryGetProperty(name, out var v).ShouldBeTrue($"missing field '{name}'");
        v.ValueKind.ShouldBe(kind, $"field '{name}'");
    }

    private static void Nullable(JsonElement e, string name, JsonValueKind kind)
    {
        e.TryGetProperty(name, out var v).ShouldBeTrue($"missing field '{name}'");
        v.ValueKind.ShouldBeOneOf(kind, JsonValueKind.Null);
    }
}
