using Pharos.Config;

namespace Pharos.StatusPage.Feeds;

/// <summary>Stable identifiers for feed entries: tag URIs (RFC 4151) that never change once published.</summary>
internal static class FeedIds
{
    public static string Host(SiteConfig site) => site.PublicUrl.Host;

    public static string Update(SiteConfig site, string incidentId, string updateId) =>
        $"tag:{Host(site)},2024:{site.PageId}/incident/{incidentId}/update/{updateId}";

    public static string MaintenanceUpdate(SiteConfig site, string maintenanceId, string updateId) =>
        $"tag:{Host(site)},2024:{site.PageId}/maintenance/{maintenanceId}/update/{updateId}";

    public static string Feed(SiteConfig site, string what) => $"tag:{Host(site)},2024:{site.PageId}/{what}";

    public static string Link(SiteConfig site, string path) => new Uri(site.PublicUrl, path).ToString();
}
