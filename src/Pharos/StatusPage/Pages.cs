using Pharos.Localization;
using Pharos.Markdown;
using Pharos.StatusPage.Views;

namespace Pharos.StatusPage;

/// <summary>Renders each public page from a snapshot.</summary>
public sealed class Pages(PageRenderer renderer, AssetUrls assets, MarkdownRenderer markdown)
{
    private const string Html = "text/html; charset=utf-8";

    public async Task<CachedResponse> HomeAsync(StatusSnapshot s) =>
        CachedResponse.Text(await renderer.RenderAsync<HomePage>(Common(s)).ConfigureAwait(false), Html);

    public async Task<CachedResponse> HistoryAsync(StatusSnapshot s, int page)
    {
        var to = s.Today.PlusDays(-(page - 1) * StatusPageEndpoints.HistoryPageDays);
        var from = to.PlusDays(1 - StatusPageEndpoints.HistoryPageDays);
        var p = Common(s);
        p["PageNumber"] = page;
        p["From"] = from;
        p["To"] = to;
        p["HasOlder"] = s.OldestPastDay is { } oldest && oldest < from;
        return CachedResponse.Text(await renderer.RenderAsync<HistoryPage>(p).ConfigureAwait(false), Html);
    }

    public async Task<CachedResponse> IncidentAsync(StatusSnapshot s, string id)
    {
        var p = Common(s);
        p["Incident"] = s.FindIncident(id);
        return CachedResponse.Text(await renderer.RenderAsync<IncidentPage>(p).ConfigureAwait(false), Html);
    }

    public async Task<CachedResponse> MaintenanceAsync(StatusSnapshot s, string id)
    {
        var p = Common(s);
        p["Maintenance"] = s.FindMaintenance(id);
        return CachedResponse.Text(await renderer.RenderAsync<MaintenancePage>(p).ConfigureAwait(false), Html);
    }

    public async Task<CachedResponse> ComponentAsync(StatusSnapshot s, string id)
    {
        var p = Common(s);
        p["Component"] = s.Config.FindComponent(id);
        return CachedResponse.Text(await renderer.RenderAsync<ComponentPage>(p).ConfigureAwait(false), Html);
    }

    /// <summary>An error page, its heading and message in the snapshot's language.</summary>
    public async Task<CachedResponse> ErrorAsync(StatusSnapshot s, int status, Func<Texts, string> heading, Func<Texts, string> message)
    {
        var p = new Dictionary<string, object?> { ["Snapshot"] = s, ["AssetLinks"] = assets, ["Heading"] = heading(s.Texts), ["Message"] = message(s.Texts) };
        return CachedResponse.Text(await renderer.RenderAsync<ErrorPage>(p).ConfigureAwait(false), Html, status, "no-cache");
    }

    public Task<CachedResponse> NotFoundAsync(StatusSnapshot s) => ErrorAsync(s, 404, t => t.PageNotFound, t => t.NothingAtAddress);

    private Dictionary<string, object?> Common(StatusSnapshot s) =>
        new() { ["Snapshot"] = s, ["AssetLinks"] = assets, ["Markdown"] = markdown };
}
