namespace Pharos.StatusPage.Badges;

/// <summary>
/// The incident banner script for customers' own sites. It is the same for every snapshot (it reads the live state
/// from /api/v2/summary.json), so it is loaded once; revalidated by ETag rather than cached for a year, because a
/// customer's page links it without a version.
/// </summary>
public sealed class EmbedScript
{
    public CachedResponse Response { get; } = new(AssetUrls.Read("embed.js"), "text/javascript; charset=utf-8", cacheControl: "public, max-age=300");
}
