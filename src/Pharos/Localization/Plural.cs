namespace Pharos.Localization;

/// <summary>The CLDR plural categories the four languages use for whole numbers.</summary>
public enum PluralCategory
{
    One,
    Other,
}

/// <summary>
/// CLDR's cardinal plural rules for whole numbers: English, German and Spanish take the singular for 1 only, French
/// for 0 and 1 ("0 jour", "1 jour", "2 jours"). Spanish's "many" applies to millions in compact notation only.
/// </summary>
public static class Plural
{
    public static PluralCategory Of(string language, long n) => language switch
    {
        "fr" => n is 0 or 1 ? PluralCategory.One : PluralCategory.Other,
        _ => n == 1 ? PluralCategory.One : PluralCategory.Other,
    };
}
