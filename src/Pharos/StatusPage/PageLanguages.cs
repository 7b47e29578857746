using Pharos.Config;
using Pharos.Localization;

namespace Pharos.StatusPage;

/// <summary>A page's language and how it was chosen: by the address ("/de/…", <see cref="Prefix"/> "/de") or negotiated ("").</summary>
public sealed record PageLanguage(Texts Texts, string Prefix)
{
    public bool Negotiated => Prefix.Length == 0;

    /// <summary>The part of a cache key that tells this language and choice apart: "de" (negotiated) or "/de".</summary>
    public string CacheKey => Negotiated ? Texts.Code : Prefix;
}

/// <summary>
/// Which language a request gets: the one its address names (/de/, set by <see cref="UseLanguagePrefix"/>), else the
/// best of the offered ones by Accept-Language, else the site's. A named address is stable and cacheable as it is; a
/// negotiated one says so with Vary: Accept-Language. No cookie: the switcher's links name the language, and every
/// link on a page that names its language keeps the prefix.
/// </summary>
public sealed class PageLanguages
{
    private const string ItemKey = "pharos.page-language";

    /// <summary>The public addresses a language prefix may stand before; anything else under /de/ is not a page.</summary>
    private static readonly string[] PagePaths = ["/history", "/incidents/", "/maintenance/", "/components/", "/subscribe", "/unsubscribe/", "/maintenance.ics"];

    private readonly Dictionary<string, PageLanguage> _named;
    private readonly Dictionary<string, PageLanguage> _negotiated;
    private readonly string _default;

    public PageLanguages(SiteCatalog site)
    {
        Offered = site.Site.Languages;
        _default = site.Site.Language;
        _named = Offered.ToDictionary(c => c, c => new PageLanguage(Texts.For(c), "/" + c), StringComparer.Ordinal);
        _negotiated = Offered.Append(_default).Distinct().ToDictionary(c => c, c => new PageLanguage(Texts.For(c), ""), StringComparer.Ordinal);
    }

    /// <summary>The languages the switcher lists, in config order.</summary>
    public IReadOnlyList<string> Offered { get; }

    /// <summary>The language for readers who ask for nothing else; also the static export's root.</summary>
    public PageLanguage Default => _negotiated[_default];

    public PageLanguage Named(string code) => _named[code];

    /// <summary>The request's language, and whether the answer depends on Accept-Language (so needs Vary).</summary>
    public (PageLanguage Language, bool VaryLanguage) For(HttpContext http)
    {
        if (http.Items.TryGetValue(ItemKey, out var named) && named is PageLanguage n)
        {
            return (n, false);
        }

        if (Offered.Count <= 1)
        {
            return (Default, false);
        }

        var code = Languages.Negotiate(http.Request.Headers.AcceptLanguage.ToString(), Offered, _default);
        return (_negotiated[code], true);
    }

    /// <summary>
    /// Takes a language prefix off a public page's address ("/de/incidents/x" is "/incidents/x" in German), before
    /// routing, so every page has one route and a German reader's links stay German.
    /// </summary>
    public static void UseLanguagePrefix(IApplicationBuilder app)
    {
        var languages = app.ApplicationServices.GetRequiredService<PageLanguages>();
        app.Use((http, next) =>
        {
            languages.StripPrefix(http);
            return next(http);
        });
    }

    private void StripPrefix(HttpContext http)
    {
        var path = http.Request.Path.Value;
        if (path is not { Length: >= 3 } || path[0] != '/' || (path.Length > 3 && path[3] != '/'))
        {
            return;
        }

        if (!_named.TryGetValue(path.Substring(1, 2), out var language))
        {
            return;
        }

        var rest = path.Length <= 4 ? "/" : path[3..];
        if (rest != "/" && !PagePaths.Any(p => rest.StartsWith(p, StringComparison.Ordinal)))
        {
            return;
        }

        http.Request.Path = rest;
        http.Items[ItemKey] = language;
    }
}
