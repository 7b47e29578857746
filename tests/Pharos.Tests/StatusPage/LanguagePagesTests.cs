using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Pharos.Domain;
using Pharos.Localization;
using Pharos.StatusPage;
using Pharos.Tests.Support;

namespace Pharos.Tests.StatusPage;

/// <summary>
/// The public page in each language: chosen by Accept-Language or by the address, cached per language, and with none
/// of the English texts left in the German, French and Spanish pages.
/// </summary>
public sealed class LanguagePagesTests
{
    /// <summary>A site whose own names are no English words, so any English on its pages comes from Pharos.</summary>
    private const string Yaml = """
        site:
          name: Zyxo
          public_url: http://status.test.example/
          time_zone: Europe/Berlin
          refresh_interval: 2s
          page_id: testpage0001
          extra_time_zones: [America/New_York]
        groups:
          - { id: core, name: Qor, order: 1 }
        components:
          - { id: app, name: Apq, description: Kwx, group: core, order: 1 }
          - { id: db, name: Dbz, group: core, order: 2 }
          - { id: forum, name: Frm, order: 2 }
        notifications:
          subscribers:
            allow_private_webhooks: true
        """;

    private static readonly string[] Others = ["de", "fr", "es"];

    [Fact]
    public async Task Accept_language_chooses_the_page_s_language_and_the_answer_varies_by_it()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        var german = await GetAsync(app, "/", "de-DE,de;q=0.9,en;q=0.8");
        german.StatusCode.ShouldBe(HttpStatusCode.OK);
        german.Headers.Vary.ShouldContain("Accept-Language");
        var html = await german.Content.ReadAsStringAsync();
        html.ShouldContain("<html lang=\"de\">");
        html.ShouldContain("Alle Systeme betriebsbereit");

        var plain = await GetAsync(app, "/", null);
        (await plain.Content.ReadAsStringAsync()).ShouldContain("<html lang=\"en\">");
        plain.Headers.ETag.ShouldNotBe(german.Headers.ETag);
        (await (await GetAsync(app, "/", "it, fr;q=0.4")).Content.ReadAsStringAsync()).ShouldContain("<html lang=\"fr\">");
        (await GetAsync(app, "/", "de-AT")).Headers.ETag.ShouldBe(german.Headers.ETag, "the same language is the same cached bytes");
    }

    [Fact]
    public async Task An_address_that_names_its_language_needs_no_negotiation_and_keeps_the_language_in_every_link()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        await app.Store.SeedIncidentAsync(Samples.Incident("inc000000001", DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddHours(-1), name: "Zzq", body: "Qqq.", components: new AffectedComponent("app", ComponentStatus.MajorOutage)));
        await app.RefreshAsync();

        var response = await GetAsync(app, "/es/", "de-DE");
        response.Headers.Vary.ShouldNotContain("Accept-Language");
        var doc = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        doc.DocumentElement.GetAttribute("lang").ShouldBe("es");
        var links = doc.QuerySelectorAll("a[href^='/']").Select(a => a.GetAttribute("href")!).Where(h => !h.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        links.ShouldNotBeEmpty();
        links.ShouldAllBe(h => h.StartsWith("/es/") || h.StartsWith("/en/") || h.StartsWith("/de/") || h.StartsWith("/fr/"));
        doc.QuerySelector("a[href='/es/incidents/inc000000001']").ShouldNotBeNull();

        var switcher = doc.QuerySelector("nav.languages").ShouldNotBeNull();
        switcher.GetAttribute("aria-label").ShouldBe("Idioma");
        switcher.QuerySelectorAll("a").Select(a => (a.GetAttribute("href"), a.TextContent)).ShouldBe(
            [("/en/", "English"), ("/de/", "Deutsch"), ("/fr/", "Français"), ("/es/", "Español")]);
        switcher.QuerySelector("a[aria-current='true']")!.GetAttribute("lang").ShouldBe("es");

        var incident = new HtmlParser().ParseDocument(await app.Client.GetStringAsync("/fr/incidents/inc000000001"));
        incident.DocumentElement.GetAttribute("lang").ShouldBe("fr");
        incident.QuerySelector("nav.languages a[lang='de']")!.GetAttribute("href").ShouldBe("/de/incidents/inc000000001");
        (await app.Client.GetAsync("/de/nothing-here")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.Client.GetAsync("/de/api/v2/summary.json")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "only pages take a language prefix");
        (await app.Client.GetStringAsync("/de/history.atom")).ShouldContain("xml:lang=\"de\"");
    }

    [Fact]
    public async Task A_page_is_rendered_once_per_snapshot_and_language_not_per_request()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        for (var i = 0; i < 3; i++)
        {
            (await GetAsync(app, "/", "de")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await GetAsync(app, "/de/", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var site = app.Services.GetRequiredService<StatusSite>();
        var languages = app.Services.GetRequiredService<PageLanguages>();
        var renders = 0;
        Task<CachedResponse> Count(StatusSnapshot s)
        {
            Interlocked.Increment(ref renders);
            return Task.FromResult(CachedResponse.Text("x", "text/plain"));
        }

        await site.GetAsync(languages.Named("de"), "home", Count);
        await site.GetAsync(new PageLanguage(Texts.For("de"), ""), "home", Count);
        renders.ShouldBe(0, "the requests above rendered both German homes into the snapshot's cache");
        await site.GetAsync(languages.Named("fr"), "home", Count);
        await site.GetAsync(languages.Named("fr"), "home", Count);
        renders.ShouldBe(1);
    }

    [Fact]
    public async Task Pages_in_German_French_and_Spanish_have_none_of_the_English_texts_they_replace()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        var now = DateTimeOffset.UtcNow;
        await app.Store.SeedIncidentAsync(Samples.Incident("inc000000001", now.AddHours(-3), null, name: "Zzq", body: "Qqq.", components: new AffectedComponent("app", ComponentStatus.MajorOutage)));
        await app.Store.SeedIncidentAsync(Samples.Incident("inc000000002", now.AddDays(-2), now.AddDays(-2).AddHours(2), name: "Zzr", body: "Rrr."));
        await app.Store.SeedMaintenanceAsync(Samples.Maintenance("mnt000000001", now.AddDays(2), now.AddDays(2).AddHours(3), now.AddHours(-1), "db") with { Name = "Mnx" });
        await app.Store.SeedMaintenanceAsync(Samples.Maintenance("mnt000000002", now.AddDays(-1).AddHours(-4), now.AddDays(-1).AddHours(-2), now.AddDays(-3), "db") with { Name = "Mny", Status = MaintenanceStatus.Completed });
        await app.RefreshAsync();
        string[] paths = ["/", "/history", "/incidents/inc000000001", "/incidents/inc000000002", "/maintenance/mnt000000001", "/maintenance/mnt000000002",
            "/components/app", "/subscribe", "/nothing-here", "/history?page=x", "/history.atom", "/history.rss", "/maintenance.ics", "/subscribe/confirm/x?sig=y"];

        var english = Phrases("en");
        foreach (var language in Others)
        {
            var own = Phrases(language);
            // An English text that the language itself also uses ("Webhook", French "maintenance") is not a leftover.
            var ownText = string.Join("\n", own);
            var leftovers = english.Where(e => !WholeWord(ownText, e)).ToList();
            foreach (var path in paths)
            {
                // An unknown address takes no prefix, so its 404 page speaks what the browser asks for.
                var response = await GetAsync(app, path == "/nothing-here" ? path : $"/{language}{path}", language);
                var body = await response.Content.ReadAsStringAsync();
                var words = path.Contains(".atom") || path.Contains(".rss") || path.Contains(".ics") ? FeedText(body) : VisibleText(body);
                if (!path.Contains(".ics"))
                {
                    body.ShouldContain(path.Contains(".atom") ? $"xml:lang=\"{language}\"" : path.Contains(".rss") ? $"<language>{language}</language>" : $"<html lang=\"{language}\">");
                }

                // Whole words only: "status" is English, "Systemstatus" is German.
                var found = leftovers.Where(e => WholeWord(words, e)).ToList();
                found.ShouldBeEmpty($"English left on /{language}{path}");
            }
        }

        // The scan would have caught them: the English page has them.
        var home = VisibleText(await app.Client.GetStringAsync("/en/"));
        home.ShouldContain("Current status");
        home.ShouldContain("Scheduled maintenance");
    }

    /// <summary>
    /// Every text of a language as fixed phrases: each property, each status word, and each parameterised text cut
    /// at its parameters, keeping the pieces long enough to be words rather than punctuation.
    /// </summary>
    private static HashSet<string> Phrases(string language)
    {
        var t = Texts.For(language);
        var phrases = new HashSet<string>(StringComparer.Ordinal);
        const string Hole = "\u0001";
        void Add(string? text)
        {
            foreach (var piece in (text ?? "").Split([Hole, "7", "\n"], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var p = piece.Trim(' ', '(', ')', ':', '.', ',', '·', ';', '\u00A0', '%', '\'', '«', '»');
                if (p.Length >= 4)
                {
                    phrases.Add(p);
                }
            }
        }

        foreach (var m in typeof(Texts).GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.IsAbstract))
        {
            if (m.Name is "get_Code" or "get_NativeName" or "get_MediumDatePattern")
            {
                continue;
            }

            var parameters = m.GetParameters();
            if (parameters.Length == 1 && parameters[0].ParameterType.IsEnum)
            {
                foreach (var value in Enum.GetValues(parameters[0].ParameterType))
                {
                    Add((string?)m.Invoke(t, [value]));
                }

                continue;
            }

            var args = parameters.Select(p => p.ParameterType == typeof(string) ? (object)Hole : p.ParameterType == typeof(long) ? (object)7L : (object)7).ToArray();
            Add((string?)m.Invoke(t, args));
        }

        return phrases;
    }

    private static bool WholeWord(string text, string phrase) => Regex.IsMatch(text, $@"(?<!\w){Regex.Escape(phrase)}(?!\w)");

    private static string VisibleText(string html)
    {
        var doc = new HtmlParser().ParseDocument(html);
        foreach (var script in doc.QuerySelectorAll("script, style").ToList())
        {
            script.Remove();
        }

        var attributes = doc.All.SelectMany(e => new[] { e.GetAttribute("aria-label"), e.GetAttribute("title"), e.GetAttribute("alt"), e.GetAttribute("data-reader-label") })
            .Where(a => a is not null);
        return doc.Title + "\n" + doc.Body!.TextContent + "\n" + string.Join("\n", attributes);
    }

    /// <summary>A feed's words: its markup (and the HTML inside it) taken out, and its addresses and ids, which are not words.</summary>
    private static string FeedText(string feed)
    {
        var text = Regex.Replace(feed, "<[^>]*>", " ");
        text = Regex.Replace(WebUtility.HtmlDecode(text), "<[^>]*>", " ");
        return Regex.Replace(text, @"\S*(://|/|@|^[A-Z-]+:)\S*", " ", RegexOptions.Multiline);
    }

    private static Task<HttpResponseMessage> GetAsync(TestApp app, string path, string? acceptLanguage)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        return app.Client.SendAsync(request);
    }
}
