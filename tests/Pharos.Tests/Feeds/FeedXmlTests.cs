using System.Net;
using System.Text;
using System.Xml;
using Pharos.Dns.Tests.Interop;
using Pharos.Domain;
using Pharos.StatusPage.Feeds;
using Pharos.Markdown;
using Pharos.StatusPage;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Feeds;

/// <summary>The feeds as strict parsers read them: the declared encoding must be the real one, and no character XML forbids may appear.</summary>
public class FeedXmlTests
{
    /// <summary>A bell, an escape, a NUL, a noncharacter and a lone surrogate: all forbidden in XML 1.0, all typeable or pasteable.</summary>
    private const string Hostile = "Bell\u0007 esc\u001B[31m nul\u0000 nonchar\uFFFE lone\uD800 end";

    private readonly HistoryFeeds _feeds = new(new MarkdownRenderer());

    [Theory]
    [InlineData("atom")]
    [InlineData("rss")]
    public void Feed_declares_utf8_and_a_strict_reader_of_its_utf8_bytes_accepts_it(string kind)
    {
        var xml = Render(kind, Snapshot(Samples.Incident("ctl000000001", DateTimeOffset.UtcNow, name: "Checkout " + Hostile, body: "Text " + Hostile)));
        xml.ShouldStartWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>");

        // XmlReader over bytes honours the declaration, as libxml2 and expat do (XDocument.Parse of a string would not).
        using var reader = XmlReader.Create(new MemoryStream(Encoding.UTF8.GetBytes(xml)), new XmlReaderSettings { CheckCharacters = true });
        var text = new StringBuilder();
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Text)
            {
                text.Append(reader.Value);
            }
        }

        text.ToString().ShouldContain("Checkout Bell esc[31m nul nonchar lone end");
    }

    [SkippableFact]
    public async Task Xmllint_and_python_parse_both_feeds_after_an_incident_with_a_control_character()
    {
        var xmllint = ExternalTool.Require("xmllint");
        var python = ExternalTool.Require("python3");
        await using var app = await TestApp.StartAsync();
        var api = await app.ApiClientAsync("incidents:write");
        var created = await api.PostJsonAsync("/api/v1/incidents", new { name = "Checkout " + Hostile, message = "Update " + Hostile });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        await app.RefreshAsync();

        using var dir = new TempDir();
        foreach (var path in new[] { "/history.atom", "/history.rss" })
        {
            var response = await app.Client.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var file = Path.Combine(dir.Path, path.TrimStart('/'));
            await File.WriteAllBytesAsync(file, bytes);

            var lint = await ExternalTool.RunAsync(xmllint, ["--noout", file], TimeSpan.FromSeconds(30));
            lint.ExitCode.ShouldBe(0, $"xmllint {path}: {lint.Error}");
            var py = await ExternalTool.RunAsync(python, ["-c", "import sys, xml.etree.ElementTree as ET; r = ET.parse(sys.argv[1]).getroot(); print(r.tag)", file], TimeSpan.FromSeconds(30));
            py.ExitCode.ShouldBe(0, $"python {path}: {py.Error}");
            Encoding.UTF8.GetString(bytes).ShouldContain("Checkout Bell esc[31m");
        }
    }

    [Fact]
    public void Text_without_forbidden_characters_is_returned_as_it_is()
    {
        const string clean = "Straße \u00E9 \U0001F600 tab\t line\n cr\r";
        XmlChars.Clean(clean).ShouldBeSameAs(clean);
        XmlChars.Clean("a\u0001b\uFFFFc\uDC00d").ShouldBe("abcd");
    }

    private string Render(string kind, StatusSnapshot s) => kind == "atom" ? _feeds.Atom(s) : _feeds.Rss(s);

    private static StatusSnapshot Snapshot(Incident incident)
    {
        var config = ConfigLoader.Load(TestConfigs.Basic, "pharos.yaml");
        return SnapshotBuilder.Build(config, new StatusData(1, [incident], []), DateTimeOffset.UtcNow);
    }
}
