using System.Security.Cryptography;

namespace Pharos.Admin;

/// <summary>The admin's stylesheet, embedded and addressed by content hash like the public page's assets.</summary>
public static class AdminAssets
{
    private static readonly byte[] Css = Load("admin.css");

    public static readonly string CssUrl = $"/admin/assets/admin.css?v={Convert.ToHexStringLower(SHA256.HashData(Css))[..10]}";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/admin/assets/admin.css", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return Results.Bytes(Css, "text/css; charset=utf-8");
        });

    private static byte[] Load(string name)
    {
        using var stream = typeof(AdminAssets).Assembly.GetManifestResourceStream($"Pharos.Admin.Assets.{name}")
            ?? throw new InvalidOperationException($"embedded asset {name} is missing");
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return ms.ToArray();
    }
}
