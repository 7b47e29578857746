using Pharos.Admin.Commands;

namespace Pharos.Admin;

/// <summary>A prepared incident from pharos.yaml's incident_templates, so the first message goes out in seconds.</summary>
public sealed record IncidentTemplateConfig
{
    public required string Id { get; init; }

    /// <summary>The incident's name when the template is used.</summary>
    public required string Name { get; init; }

    public string? Impact { get; init; }
    public string? Status { get; init; }
    public required string Message { get; init; }

    /// <summary>Component id to the status it takes.</summary>
    public IReadOnlyDictionary<string, string> Components { get; init; } = new Dictionary<string, string>();

    /// <summary>The draft with the template's values wherever the draft left a field empty.</summary>
    public IncidentDraft Fill(IncidentDraft d) => d with
    {
        Name = string.IsNullOrWhiteSpace(d.Name) ? Name : d.Name,
        Impact = d.Impact ?? Impact,
        Status = d.Status ?? Status,
        Message = string.IsNullOrWhiteSpace(d.Message) ? Message : d.Message,
        Components = d.Components.Count == 0 ? Components : d.Components,
    };
}
