using System.Text.Json;
using System.Text.Json.Serialization;
using Pharos.Markdown;
using Pharos.StatusPage;

namespace Pharos.FailoverSite;

/// <summary>
/// What the maintenance page tells about the current trouble, detached from the database: the standby site must
/// not depend on the primary, so it serves from this copy, written by the status role or by `pharos export`.
/// </summary>
public sealed record SiteSnapshot
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public required string SiteName { get; init; }

    public string? StatusUrl { get; init; }

    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>Statuspage's indicator: none, minor, major, critical or maintenance.</summary>
    public required string Indicator { get; init; }

    public required string Description { get; init; }

    public IReadOnlyList<SiteIncident> Incidents { get; init; } = [];

    public static SiteSnapshot From(StatusSnapshot s, MarkdownRenderer markdown) => new()
    {
        SiteName = s.Config.Site.Name,
        StatusUrl = s.Config.Site.PublicUrl.ToString(),
        GeneratedAt = s.GeneratedAt,
        Indicator = Domain.WireNames.Of(s.Indicator),
        Description = s.Description,
        Incidents = s.Unresolved.Select(i => new SiteIncident
        {
            Id = i.Id,
            Name = i.Name,
            Status = Domain.WireNames.Of(i.Status),
            LatestUpdate = i.Updates.Count > 0 ? markdown.ToPlainText(i.Updates[0].Body) : "",
            UpdatedAt = i.Updates.Count > 0 ? i.Updates[0].DisplayAt : i.UpdatedAt,
        }).ToList(),
    };

    public static SiteSnapshot? TryRead(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<SiteSnapshot>(File.ReadAllBytes(path), Json);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes through a temporary file and a rename, so a reader never sees half a snapshot.</summary>
    public void WriteTo(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(this, Json));
        File.Move(temp, path, overwrite: true);
    }
}

/// <summary>An open incident as the maintenance page shows it.</summary>
public sealed record SiteIncident
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Status { get; init; }

    /// <summary>Plain text of the latest update (Markdown stripped).</summary>
    public required string LatestUpdate { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    [JsonIgnore]
    public string UpdatedUtc => UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
}
