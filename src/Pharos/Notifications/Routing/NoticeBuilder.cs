using System.Text.Json;
using Pharos.Config;
using Pharos.Domain;
using Pharos.Storage;

namespace Pharos.Notifications.Routing;

/// <summary>Says in words what an event means: reads the incident or maintenance it is about, or the event's detail.</summary>
public sealed class NoticeBuilder(IStatusStore store, SiteCatalog site)
{
    /// <summary>The notice, or null when the event is about something that is gone (an incident deleted since).</summary>
    public async Task<Notice?> BuildAsync(DomainEvent e, CancellationToken ct)
    {
        var severity = EventKinds.DefaultSeverity(e.Kind);
        switch (e.SubjectType)
        {
            case "incident":
                var incident = await store.GetIncidentAsync(e.SubjectId, ct).ConfigureAwait(false);
                if (incident is null)
                {
                    return null;
                }

                var update = incident.Updates.FirstOrDefault(u => u.Id == e.UpdateId) ?? incident.Updates.FirstOrDefault();
                var label = update is null ? Labels.Of(incident.Status) : Labels.OfUpdate(update.Status);
                return new Notice
                {
                    Kind = e.Kind,
                    Severity = severity,
                    SubjectType = e.SubjectType,
                    SubjectId = e.SubjectId,
                    Title = e.Kind == "incident.postmortem_published" ? $"Postmortem: {incident.Name}" : $"{label}: {incident.Name}",
                    Text = e.Kind == "incident.postmortem_published" ? incident.PostmortemBody ?? "" : update?.Body ?? "",
                    Url = new Uri(site.Site.PublicUrl, $"incidents/{incident.Id}").AbsoluteUri,
                    Data = new Dictionary<string, string>
                    {
                        [NoticeData.Name] = incident.Name,
                        [NoticeData.Status] = WireNames.Of(incident.Status),
                        ["impact"] = WireNames.Of(incident.Impact),
                        [NoticeData.Components] = string.Join(',', incident.Components.Select(c => c.ComponentId)),
                    }.WithSocial(e.Kind == "incident.update_posted" && update?.Social == true).WithUpdate(update),
                    At = e.At,
                    EventSequence = e.Sequence,
                };
            case "maintenance":
                var m = await store.GetMaintenanceAsync(e.SubjectId, ct).ConfigureAwait(false);
                if (m is null)
                {
                    return null;
                }

                var mu = m.Updates.FirstOrDefault(u => u.Id == e.UpdateId) ?? m.Updates.FirstOrDefault();
                return new Notice
                {
                    Kind = e.Kind,
                    Severity = severity,
                    SubjectType = e.SubjectType,
                    SubjectId = e.SubjectId,
                    Title = $"{(mu is null ? Labels.Of(m.Status) : Labels.OfUpdate(mu.Status))}: {m.Name}",
                    Text = mu?.Body ?? "",
                    Url = new Uri(site.Site.PublicUrl, $"maintenance/{m.Id}").AbsoluteUri,
                    Data = new Dictionary<string, string>
                    {
                        [NoticeData.Name] = m.Name,
                        [NoticeData.Status] = WireNames.Of(m.Status),
                        [NoticeData.Components] = string.Join(',', m.ComponentIds),
                        ["scheduled_for"] = m.ScheduledFor.ToString("O"),
                        ["scheduled_until"] = m.ScheduledUntil.ToString("O"),
                    }.WithSocial(e.Kind == "maintenance.update_posted" && mu?.Social == true).WithUpdate(mu),
                    At = e.At,
                    EventSequence = e.Sequence,
                };
            default:
                var data = Parse(e.Detail);
                data.Remove("title", out var title);
                data.Remove("text", out var text);
                data.Remove("url", out var url);
                if (data.Remove("severity", out var s) && Severities.Parse(s) is { } given)
                {
                    severity = given;
                }

                return new Notice
                {
                    Kind = e.Kind,
                    Severity = severity,
                    SubjectType = e.SubjectType,
                    SubjectId = e.SubjectId,
                    Title = title ?? $"{e.Kind}: {e.SubjectId}",
                    Text = text ?? "",
                    Url = url,
                    Data = data,
                    At = e.At,
                    EventSequence = e.Sequence,
                };
        }
    }

    private static Dictionary<string, string> Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? new Dictionary<string, string>(StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal) { ["detail"] = json };
        }
    }
}

/// <summary>Marks a notice's data as chosen for the social channels, and with what the update itself says of itself.</summary>
internal static class SocialMark
{
    /// <summary>The update's status, and whether it was added later or edited, as the API and feeds tell them.</summary>
    public static Dictionary<string, string> WithUpdate(this Dictionary<string, string> data, IncidentUpdate? update)
    {
        if (update is null)
        {
            return data;
        }

        data[NoticeData.UpdateStatus] = WireNames.Of(update.Status);
        if (update.AddedLater)
        {
            data[NoticeData.AddedLater] = "true";
        }

        if (update.EditedAt is { } edited)
        {
            data[NoticeData.EditedAt] = edited.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }

        return data;
    }

    public static Dictionary<string, string> WithSocial(this Dictionary<string, string> data, bool social)
    {
        if (social)
        {
            data[NoticeData.Social] = "true";
        }

        return data;
    }
}
