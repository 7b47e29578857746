using System.Globalization;
using Pharos.Domain;

namespace Pharos.Localization;

/// <summary>
/// Every word of the public page and of the messages to subscribers, in one language. Each language is a subclass
/// that must implement every member (a missing translation does not compile); a page renders with one instance, so a
/// text costs a virtual call, no lookup. Counts go through <see cref="Count"/>, which applies the language's plural
/// rule; dates use the language's <see cref="Culture"/> (month and day names, the culture's long-date pattern).
/// </summary>
public abstract partial class Texts
{
    private static readonly Dictionary<string, Texts> ByCode = new Texts[] { new EnglishTexts(), new GermanTexts(), new FrenchTexts(), new SpanishTexts() }
        .ToDictionary(t => t.Code, StringComparer.Ordinal);

    public static Texts English => ByCode["en"];

    /// <summary>The texts of a language, English for one there are no texts for.</summary>
    public static Texts For(string? code) => code is not null && ByCode.TryGetValue(code, out var t) ? t : English;

    /// <summary>The BCP 47 code, as in html lang and Content-Language.</summary>
    public abstract string Code { get; }

    /// <summary>The language's name in itself, for the switcher.</summary>
    public abstract string NativeName { get; }

    public CultureInfo Culture => CultureInfo.GetCultureInfo(Code);

    /// <summary>A date with the month abbreviated ("Mar 8, 2026", "8. März 2026"), as a NodaTime pattern.</summary>
    public abstract string MediumDatePattern { get; }

    /// <summary>The culture's own long date ("Sunday, March 8, 2026", "Sonntag, 8. März 2026").</summary>
    public string LongDatePattern => Culture.DateTimeFormat.LongDatePattern.Replace("yyyy", "uuuu", StringComparison.Ordinal);

    /// <summary>"1 day" or "2 days": the form the language's plural rule picks, with the number in the culture's digits.</summary>
    public string Count(long n, string one, string other) =>
        string.Format(Culture, Plural.Of(Code, n) == PluralCategory.One ? one : other, n.ToString("N0", Culture));

    /// <summary>A label followed by its colon, as the language writes it (French puts a space before it).</summary>
    public virtual string Colon(string label) => label + ":";

    /// <summary>A number as the culture writes it ("99.95" / "99,95").</summary>
    public string Number(double value, string format = "0.##") => value.ToString(format, Culture);

    // Statuses.
    public abstract string Status(ComponentStatus s);

    public abstract string Banner(PageIndicator i);

    public abstract string Impact(IncidentImpact i);

    public abstract string Update(UpdateStatus s);

    public string Of(IncidentStatus s) => Update(Incident.Announce(s));

    public string Of(MaintenanceStatus s) => Update(Domain.Maintenance.Announce(s));

    // Durations.
    public abstract string Days(long n);

    public abstract string Hours(long n);

    /// <summary>"2 h 15 min", "3 days 4 h": how long something lasted.</summary>
    public string Duration(TimeSpan d)
    {
        if (d.TotalMinutes < 1)
        {
            return $"{Math.Max(0, (int)d.TotalSeconds).ToString(Culture)} s";
        }

        var hours = (int)d.TotalHours;
        if (hours >= 48)
        {
            return $"{Days(d.Days)} {d.Hours.ToString(Culture)} h";
        }

        return hours == 0 ? $"{d.Minutes.ToString(Culture)} min" : $"{hours.ToString(Culture)} h {d.Minutes.ToString(Culture)} min";
    }
}
