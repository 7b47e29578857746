using Pharos.Config;
using Pharos.Tests.Support;

namespace Pharos.Tests.Config;

public class ConfigLoaderTests
{
    private static IReadOnlyList<ConfigError> Errors(string yaml) =>
        Should.Throw<ConfigException>(() => ConfigLoader.Load(yaml, "pharos.yaml")).Errors;

    [Fact]
    public void Valid_config_loads_with_defaults()
    {
        var c = ConfigLoader.Load(TestConfigs.Basic, "pharos.yaml");
        c.Site.Name.ShouldBe("Test Shop");
        c.Site.RefreshInterval.ShouldBe(TimeSpan.FromSeconds(2));
        c.Site.PublicUrl.ToString().ShouldBe("http://status.test.example/");
        c.Components.Count.ShouldBe(4);
        c.FindComponent("app")!.GroupId.ShouldBe("core");
        c.FindComponent("hidden")!.OnlyShowIfDegraded.ShouldBeTrue();
    }

    [Fact]
    public void Page_id_is_derived_from_the_name_when_missing()
    {
        var a = ConfigLoader.Load("site:\n  name: Acme\n", "a.yaml");
        var b = ConfigLoader.Load("site:\n  name: Acme\n", "b.yaml");
        a.Site.PageId.Length.ShouldBe(12);
        a.Site.PageId.ShouldBe(b.Site.PageId);
    }

    [Fact]
    public void Syntax_error_names_file_line_and_column()
    {
        var e = Errors("site:\n  name: \"unterminated\n  time_zone: UTC\n").ShouldHaveSingleItem();
        e.File.ShouldBe("pharos.yaml");
        e.Line.ShouldBeGreaterThanOrEqualTo(2);
        e.ToString().ShouldStartWith($"pharos.yaml:{e.Line}:{e.Column}: invalid YAML");
    }

    [Fact]
    public void Every_semantic_error_is_reported_with_its_line()
    {
        const string yaml = """
            site:
              name: Shop
              time_zone: Mars/Base
              refresh_interval: soon
              public_url: ftp://x
            groups:
              - id: core
                name: Core
            components:
              - id: app
                name: App
                group: nope
              - id: app
                name: Again
              - name: No id
              - id: bad id!
                name: Bad
                colour: red
            """;
        var errors = Errors(yaml);
        string At(int line) => string.Join(" | ", errors.Where(e => e.Line == line).Select(e => e.Message));
        At(3).ShouldContain("time_zone");
        At(4).ShouldContain("refresh_interval");
        At(5).ShouldContain("public_url");
        At(12).ShouldContain("group 'nope' is not defined");
        At(13).ShouldContain("used twice");
        errors.ShouldContain(e => e.Message.Contains("'id' is required"));
        At(16).ShouldContain("may hold only");
        At(18).ShouldContain("unknown field 'colour'");
        errors.Count.ShouldBe(8);
    }

    [Fact]
    public void Languages_default_to_all_four_and_each_bad_entry_is_named_with_its_line()
    {
        var plain = ConfigLoader.Load("site:\n  name: Shop\n", "pharos.yaml");
        plain.Site.Language.ShouldBe("en");
        plain.Site.Languages.ShouldBe(["en", "de", "fr", "es"]);
        var chosen = ConfigLoader.Load("site:\n  name: Shop\n  language: de\n  languages: [de, en]\n", "pharos.yaml");
        chosen.Site.Language.ShouldBe("de");
        chosen.Site.Languages.ShouldBe(["de", "en"]);

        const string yaml = """
            site:
              name: Shop
              language: fr
              languages:
                - en
                - it
                - en
            """;
        var errors = Errors(yaml);
        errors.ShouldAllBe(e => e.File == "pharos.yaml");
        errors.Single(e => e.Line == 6).Message.ShouldBe("site: 'languages' entry 'it' is not one the page speaks (en, de, fr, es)");
        errors.Single(e => e.Line == 7).Message.ShouldContain("'en' twice");
        errors.Single(e => e.Line == 5).Message.ShouldContain("must include the default 'language' 'fr'");
        errors.Count.ShouldBe(3);
        Errors("site:\n  name: Shop\n  language: pt\n").ShouldHaveSingleItem().Line.ShouldBe(3);
    }

    [Fact]
    public void Extra_time_zones_load_in_order_and_each_bad_entry_is_named_with_its_line()
    {
        var ok = ConfigLoader.Load("site:\n  name: Shop\n  time_zone: America/Los_Angeles\n  extra_time_zones: [America/New_York, Etc/GMT]\n", "pharos.yaml");
        ok.Site.ExtraTimeZones.ShouldBe(["America/New_York", "Etc/GMT"]);

        const string yaml = """
            site:
              name: Shop
              time_zone: Europe/Berlin
              extra_time_zones:
                - America/New_York
                - US/Pacifc
                - Europe/Berlin
                - America/New_York
            """;
        var errors = Errors(yaml);
        errors.Count.ShouldBe(3);
        errors.ShouldAllBe(e => e.File == "pharos.yaml" && e.Message.Contains("extra_time_zones"));
        errors.Single(e => e.Line == 6).Message.ShouldContain("'US/Pacifc' is not an IANA time zone id");
        errors.Single(e => e.Line == 7).Message.ShouldContain("twice");
        errors.Single(e => e.Line == 8).Message.ShouldContain("twice");
        Errors("site:\n  name: Shop\n  extra_time_zones: Mars\n").ShouldHaveSingleItem().Line.ShouldBe(3);
    }

    [Fact]
    public void Columns_point_at_the_value()
    {
        var e = Errors("site:\n  name: Shop\n  history_days: many\n").ShouldHaveSingleItem();
        (e.Line, e.Column).ShouldBe((3, 17));
    }

    [Fact]
    public void Missing_site_section_is_an_error()
    {
        Errors("components: []\n").ShouldContain(e => e.Message.Contains("'site' is required"));
    }

    [Fact]
    public void Empty_file_is_an_error_not_a_crash()
    {
        Errors("").ShouldHaveSingleItem().Line.ShouldBe(1);
    }

    [Fact]
    public void Unreadable_file_is_an_error_naming_it()
    {
        var e = Should.Throw<ConfigException>(() => ConfigLoader.LoadFile("/nonexistent/pharos.yaml")).Errors.ShouldHaveSingleItem();
        e.File.ShouldBe("/nonexistent/pharos.yaml");
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("1.5s", 1.5)]
    [InlineData("250ms", 0.25)]
    [InlineData("45", 45)]
    public void Durations_parse(string text, double seconds)
    {
        DurationParser.TryParse(text, out var d).ShouldBeTrue();
        d.TotalSeconds.ShouldBe(seconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-5s")]
    [InlineData("fast")]
    [InlineData("5x")]
    public void Bad_durations_do_not_parse(string text) => DurationParser.TryParse(text, out _).ShouldBeFalse();

    [Fact]
    public void The_demo_config_is_valid()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "samples", "demo", "pharos.yaml");
        var c = ConfigLoader.LoadFile(path);
        c.Components.Count.ShouldBeGreaterThanOrEqualTo(8);
    }
}
