namespace Pharos.StatusPage.Badges;

/// <summary>
/// The incident banner script for customers' own sites. It is the same for every snapshot (it reads the live state
/// from /api/v2/summary.json), so it is loaded once; revalidated by ETag rather than cached for a year, because a
/// customer's page links it without a version.
/// </summary>
public sealed class EmbedScript
{
    public EmbedScript()
    {
        using var stream = typeof(EmbedScript).Assembly.GetManifestResourceStream("Pharos.StatusPage.Assets.embed.js")
            ?? throw new InvalidOperationException("embedded asset embed.js is missing");
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        Response = new CachedResponse(ms.ToArray(), "text/javascript; charset=utf-8", cacheControl: "public, max-age=300");
    }

    public CachedResponse Response { get; }
}
