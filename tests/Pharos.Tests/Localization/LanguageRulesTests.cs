using NodaTime;
using Pharos.Localization;
using Pharos.StatusPage;

namespace Pharos.Tests.Localization;

/// <summary>Each language's plural rule, its dates from its culture, and the choice of language from Accept-Language.</summary>
public sealed class LanguageRulesTests
{
    [Theory]
    [InlineData("en", 0, "0 days")]
    [InlineData("en", 1, "1 day")]
    [InlineData("en", 2, "2 days")]
    [InlineData("de", 0, "0 Tage")]
    [InlineData("de", 1, "1 Tag")]
    [InlineData("de", 2, "2 Tage")]
    [InlineData("fr", 0, "0 jour")]
    [InlineData("fr", 1, "1 jour")]
    [InlineData("fr", 2, "2 jours")]
    [InlineData("es", 0, "0 días")]
    [InlineData("es", 1, "1 día")]
    [InlineData("es", 2, "2 días")]
    public void Days_take_the_form_the_language_s_plural_rule_picks(string language, int n, string expected) =>
        Texts.For(language).Days(n).ShouldBe(expected);

    [Fact]
    public void French_counts_zero_and_one_as_singular_the_others_only_one()
    {
        Plural.Of("fr", 0).ShouldBe(PluralCategory.One);
        Plural.Of("fr", 1).ShouldBe(PluralCategory.One);
        Plural.Of("fr", 2).ShouldBe(PluralCategory.Other);
        foreach (var language in new[] { "en", "de", "es" })
        {
            Plural.Of(language, 0).ShouldBe(PluralCategory.Other, language);
            Plural.Of(language, 1).ShouldBe(PluralCategory.One, language);
            Plural.Of(language, 2).ShouldBe(PluralCategory.Other, language);
            Plural.Of(language, 21).ShouldBe(PluralCategory.Other, language);
        }

        Texts.For("fr").AllUpdates(0).ShouldBe("0 mise à jour");
        Texts.For("de").AllUpdates(1).ShouldBe("1 Meldung");
        Texts.For("de").AllUpdates(4).ShouldBe("Alle 4 Meldungen");
        Texts.For("es").LastDays(1).ShouldBe("Último día");
        Texts.For("es").LastDays(7).ShouldBe("Últimos 7 días");
    }

    [Fact]
    public void Counts_are_written_with_each_culture_s_digits_grouping()
    {
        Texts.For("en").Days(1500).ShouldBe("1,500 days");
        Texts.For("de").Days(1500).ShouldBe("1.500 Tage");
        Texts.For("fr").Days(1500).ShouldBe("1\u202F500 jours");
    }

    [Fact]
    public void Durations_name_days_in_words_with_the_plural_rule_and_hours_and_minutes_as_symbols()
    {
        var twoDays = TimeSpan.FromHours(51);
        Texts.For("en").Duration(twoDays).ShouldBe("2 days 3 h");
        Texts.For("de").Duration(twoDays).ShouldBe("2 Tage 3 h");
        Texts.For("fr").Duration(twoDays).ShouldBe("2 jours 3 h");
        Texts.For("es").Duration(twoDays).ShouldBe("2 días 3 h");
        Texts.For("de").Duration(TimeSpan.FromMinutes(135)).ShouldBe("2 h 15 min");
    }

    [Theory]
    [InlineData("en", "Mar 8, 2026", "Sunday, March 8, 2026")]
    [InlineData("de", "8. März 2026", "Sonntag, 8. März 2026")]
    [InlineData("fr", "8 mars 2026", "dimanche 8 mars 2026")]
    [InlineData("es", "8 mar 2026", "domingo, 8 de marzo de 2026")]
    public void Dates_use_the_culture_s_month_and_day_names_and_its_long_date_order(string language, string medium, string longDate)
    {
        var times = new TimeDisplay("Europe/Berlin", language);
        var day = new LocalDate(2026, 3, 8);
        times.Date(day).ShouldBe(medium);
        times.LongDate(day).ShouldBe(longDate);
    }

    [Fact]
    public void A_range_across_the_Berlin_spring_change_names_CET_then_CEST_in_German_with_German_words()
    {
        var times = new TimeDisplay("Europe/Berlin", "de");
        var start = new DateTimeOffset(2026, 3, 29, 0, 30, 0, TimeSpan.Zero);
        times.Range(start, start.AddHours(1)).ShouldBe("29. März 2026 01:30 CET (UTC+1) \u2013 03:30 CEST (UTC+2)");
        times.Range(start, null).ShouldBe("29. März 2026 01:30 CET (UTC+1) \u2013 andauernd");
        times.PointUtc(start).ShouldBe("29. März 2026 00:30 UTC");
    }

    [Theory]
    [InlineData(null, "en")]
    [InlineData("", "en")]
    [InlineData("de-DE", "de")]
    [InlineData("de-DE,de;q=0.9,en;q=0.8", "de")]
    [InlineData("en;q=0.5, fr;q=0.8", "fr")]
    [InlineData("it, es;q=0.3", "es")]
    [InlineData("it, ja", "en")]
    [InlineData("*", "en")]
    [InlineData("de;q=0, *;q=0.5", "en")]
    [InlineData("FR-ca", "fr")]
    [InlineData("es;q=0.8, de;q=0.8", "es")]
    public void Accept_language_picks_the_reader_s_most_wanted_offered_language_honouring_q_values(string? header, string expected) =>
        Languages.Negotiate(header, Languages.Supported, "en").ShouldBe(expected);

    [Fact]
    public void A_language_the_site_does_not_offer_is_never_chosen()
    {
        Languages.Negotiate("de-DE", ["en", "fr"], "en").ShouldBe("en");
        Languages.Negotiate("de-DE, fr;q=0.2", ["en", "fr"], "en").ShouldBe("fr");
        Languages.Negotiate("en;q=0, de", ["en", "de"], "en").ShouldBe("de");
    }
}
