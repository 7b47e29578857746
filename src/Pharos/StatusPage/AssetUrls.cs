namespace Pharos.StatusPage;

/// <summary>The page's own stylesheet and script, addressed with a content hash so browsers may cache them for a year.</summary>
public sealed class AssetUrls
{
    private readonly Dictionary<string, CachedResponse> _byName = new(StringComparer.Ordinal);

    public AssetUrls()
    {
        Css = Add("status.css", "text/css; charset=utf-8");
        Js = Add("status.js", "text/javascript; charset=utf-8");
        Icon = Add("favicon.svg", "image/svg+xml");
    }

    public string Icon { get; }

    public string Css { get; }

    public string Js { get; }

    public CachedResponse? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The bytes of a file in StatusPage/Assets, built into the binary.</summary>
    public static byte[] Read(string name)
    {
        using var stream = typeof(AssetUrls).Assembly.GetManifestResourceStream($"Pharos.StatusPage.Assets.{name}")
            ?? throw new InvalidOperationException($"embedded asset {name} is missing");
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return ms.ToArray();
    }

    private string Add(string name, string contentType)
    {
        var response = new CachedResponse(Read(name), contentType, cacheControl: "public, max-age=31536000, immutable");
        _byName[name] = response;
        return $"/assets/{name}?v={response.ETag.Trim('"')[..10]}";
    }
}
