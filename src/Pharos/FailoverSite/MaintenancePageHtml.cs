using System.Text;

namespace Pharos.FailoverSite;

/// <summary>
/// The maintenance page: one self-contained document (styles inline, logo embedded) so that it renders even when
/// nothing else is reachable, encoded throughout, in the visitor's language.
/// </summary>
public static class MaintenancePageHtml
{
    /// <summary>Only inline styles and embedded images; no script, no other host, no framing.</summary>
    public const string Csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    // Letters of every language stay as they are; only markup characters are escaped.
    private static readonly System.Text.Encodings.Web.HtmlEncoder Encoder =
        System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private const string Style = """
        :root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--accent:#0550ae}
        @media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;--accent:#79c0ff}}
        body{margin:0;background:var(--bg);color:var(--fg);font:17px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        main{max-width:36rem;margin:12vh auto 2rem;padding:0 1.25rem}
        h1{font-size:1.8rem;margin:.5rem 0 1rem}
        .logo{max-height:56px;max-width:220px}
        .brand{font-weight:700;font-size:1.1rem;color:var(--accent);margin:0}
        .incident{border-left:4px solid var(--accent);padding:.25rem 0 .25rem 1rem;margin:1.5rem 0}
        .incident h2{font-size:1.05rem;margin:0 0 .25rem}
        .muted{color:var(--muted);font-size:.9rem}
        a{color:var(--accent)}
        """;

    public static string Render(SiteTexts t, string language, SiteSnapshot? snapshot, Uri? statusUrl, string? logoDataUri, string siteName = "")
    {
        static string E(string? s) => Encoder.Encode(s ?? "");
        var sb = new StringBuilder(2048);
        sb.Append("<!DOCTYPE html><html lang=\"").Append(E(language)).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\">")
            .Append("<title>").Append(E(t.Title)).Append(snapshot is null ? "" : " · " + E(snapshot.SiteName)).Append("</title>")
            .Append("<style>").Append(Style).Append("</style></head><body><main>");
        if (logoDataUri is not null)
        {
            sb.Append("<img class=\"logo\" src=\"").Append(E(logoDataUri)).Append("\" alt=\"").Append(E(snapshot?.SiteName ?? siteName)).Append("\">");
        }
        else if ((snapshot?.SiteName ?? siteName) is { Length: > 0 } brand)
        {
            sb.Append("<p class=\"brand\">").Append(E(brand)).Append("</p>");
        }

        sb.Append("<h1>").Append(E(t.Title)).Append("</h1><p>").Append(E(t.Message)).Append("</p>");
        foreach (var i in snapshot?.Incidents ?? [])
        {
            sb.Append("<section class=\"incident\" data-incident-id=\"").Append(E(i.Id)).Append("\"><h2>").Append(E(t.CurrentIncident)).Append(": ")
                .Append(E(i.Name)).Append("</h2><p>").Append(E(i.LatestUpdate)).Append("</p><p class=\"muted\">").Append(E(t.Updated)).Append(' ')
                .Append(E(i.UpdatedUtc)).Append("</p></section>");
        }

        var link = statusUrl?.ToString() ?? snapshot?.StatusUrl;
        if (link is not null)
        {
            sb.Append("<p><a href=\"").Append(E(link)).Append("\">").Append(E(t.StatusLink)).Append("</a></p>");
        }

        sb.Append("</main></body></html>");
        return sb.ToString();
    }
}
